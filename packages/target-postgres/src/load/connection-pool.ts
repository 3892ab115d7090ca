import type { Client } from 'pg';
import { ConnectionLostError, isConnectionLoss } from './connection-lost';

/** Opens one connection (injected so that tests can count them). */
export type Connector = () => Promise<Client>;

/** A small pool: at most `size` connections, opened lazily, handed out in FIFO order of requests. */
export class ConnectionPool {
  private readonly idle: Client[] = [];
  private readonly all: Client[] = [];
  private readonly waiters: ((client: Client | undefined) => void)[] = [];
  private opening = 0;

  constructor(
    private readonly connector: Connector,
    readonly size: number,
    /** `host:port/dbname`, as a lost connection's error names the server. */
    readonly server = 'the destination',
  ) {}

  /**
   * Runs fn with a connection of its own; the connection goes back to the pool afterwards. A lost connection
   * (server restart, pg_terminate_backend) becomes a ConnectionLostError, and the dead client is dropped.
   */
  async use<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.acquire();
    let lost = false;
    try {
      return await fn(client);
    } catch (error) {
      if (!isConnectionLoss(error)) throw error;
      lost = true;
      throw error instanceof ConnectionLostError ? error : new ConnectionLostError(this.server, error);
    } finally {
      if (lost) this.discard(client);
      else this.release(client);
    }
  }

  private discard(client: Client): void {
    const index = this.all.indexOf(client);
    if (index >= 0) this.all.splice(index, 1);
    client.end().catch(() => undefined);
    this.waiters.shift()?.(undefined);
  }

  private async acquire(): Promise<Client> {
    for (;;) {
      const idle = this.idle.pop();
      if (idle !== undefined) return idle;
      if (this.all.length + this.opening < this.size) {
        this.opening++;
        try {
          const client = await this.connector();
          this.all.push(client);
          return client;
        } finally {
          this.opening--;
        }
      }
      // undefined: a connection was dropped, so there is room to open one.
      const handed = await new Promise<Client | undefined>((resolve) => this.waiters.push(resolve));
      if (handed !== undefined) return handed;
    }
  }

  private release(client: Client): void {
    const waiter = this.waiters.shift();
    if (waiter !== undefined) waiter(client);
    else this.idle.push(client);
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    await Promise.all(this.all.map((c) => c.end().catch(() => undefined)));
    this.all.length = 0;
    this.idle.length = 0;
  }
}
