import type { Client } from 'pg';

/** Opens one connection (injected so that tests can count them). */
export type Connector = () => Promise<Client>;

/** A small pool: at most `size` connections, opened lazily, handed out in FIFO order of requests. */
export class ConnectionPool {
  private readonly idle: Client[] = [];
  private readonly all: Client[] = [];
  private readonly waiters: ((client: Client) => void)[] = [];
  private opening = 0;

  constructor(
    private readonly connector: Connector,
    readonly size: number,
  ) {}

  /** Runs fn with a connection of its own; the connection goes back to the pool afterwards. */
  async use<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.acquire();
    try {
      return await fn(client);
    } finally {
      this.release(client);
    }
  }

  private async acquire(): Promise<Client> {
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
    return new Promise((resolve) => this.waiters.push(resolve));
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
