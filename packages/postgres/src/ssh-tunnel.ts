import { readFileSync } from 'node:fs';
import net from 'node:net';
import type { Client, ConnectConfig } from 'ssh2';
import type { SshTunnelSettings } from './ssh-settings';
import { DEFAULT_SSH_PORT } from './ssh-settings';
import { sshTunnelError } from './ssh-tunnel-error';
import { isPemText } from './tls-material';

/** An open SSH connection to a bastion that forwards local ports to hosts the bastion can reach. */
export interface SshTunnel {
  /** `user@host:port` of the bastion. */
  readonly description: string;
  readonly closed: boolean;
  /** The local end (127.0.0.1 and a port) of a forward to host:port, opened once per destination. */
  forward(host: string, port: number): Promise<{ host: string; port: number }>;
  /** Why the bastion last refused to open a channel to host:port (ssh2's message), if it did. */
  forwardError(host: string, port: number): string | undefined;
  /** Called once when the SSH connection ends (closed by us or lost). */
  onClose(listener: () => void): void;
  close(): Promise<void>;
}

/**
 * Connects and authenticates to the bastion (key or password; RSA, Ed25519, ECDSA keys via ssh2). Its sockets do not
 * keep the process alive: the run's own connections do, and the tunnel goes when the process does.
 */
export async function openSshTunnel(ssh: SshTunnelSettings & { host: string }, timeoutMs: number): Promise<SshTunnel> {
  // ssh2 is loaded only when a tunnel is configured: it costs every other run ~25 ms of start-up.
  const { Client: SshClient } = await import('ssh2');
  return openTunnel(new SshClient(), ssh, timeoutMs);
}

function openTunnel(client: Client, ssh: SshTunnelSettings & { host: string }, timeoutMs: number): Promise<SshTunnel> {
  const port = ssh.port ?? DEFAULT_SSH_PORT;
  const description = `${ssh.username ?? ''}@${ssh.host}:${port}`;
  const sock = net.connect({ host: ssh.host, port });
  sock.unref();
  const servers = new Map<string, Promise<net.Server>>();
  const failures = new Map<string, string>();
  const closeListeners: (() => void)[] = [];
  let closed = false;

  const shutdown = (): void => {
    if (closed) return;
    closed = true;
    for (const server of servers.values())
      void server.then(
        (s) => s.close(),
        () => undefined,
      );
    client.end();
    sock.destroy();
    for (const listener of closeListeners.splice(0)) listener();
  };
  const listen = (host: string, destPort: number): Promise<net.Server> => {
    const key = `${host}:${destPort}`;
    const server = net.createServer((local) => {
      local.on('error', () => undefined);
      client.forwardOut('127.0.0.1', local.remotePort ?? 0, host, destPort, (error, channel) => {
        if (error) {
          failures.set(key, error.message);
          local.destroy();
          return;
        }
        failures.delete(key);
        channel.on('error', () => local.destroy());
        local.pipe(channel).pipe(local);
      });
    });
    server.unref();
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
  };
  const tunnel: SshTunnel = {
    description,
    get closed() {
      return closed;
    },
    forward: async (host, destPort) => {
      if (closed) throw new Error(`The SSH tunnel through ${description} is closed`);
      const key = `${host}:${destPort}`;
      let server = servers.get(key);
      if (server === undefined) servers.set(key, (server = listen(host, destPort)));
      const address = (await server).address() as net.AddressInfo;
      return { host: '127.0.0.1', port: address.port };
    },
    forwardError: (host, destPort) => failures.get(`${host}:${destPort}`),
    onClose: (listener) => (closed ? listener() : void closeListeners.push(listener)),
    close: () => {
      shutdown();
      return Promise.resolve();
    },
  };

  return new Promise((resolve, reject) => {
    let ready = false;
    client.once('ready', () => {
      ready = true;
      resolve(tunnel);
    });
    client.on('error', (error) => {
      if (!ready) reject(sshTunnelError(error, ssh, description));
      shutdown();
    });
    client.once('close', shutdown);
    try {
      client.connect(connectConfig(ssh, sock, timeoutMs));
    } catch (error) {
      // ssh2 throws at once for a key it cannot parse or decrypt.
      shutdown();
      reject(sshTunnelError(error, ssh, description));
    }
  });
}

function connectConfig(ssh: SshTunnelSettings, sock: net.Socket, timeoutMs: number): ConnectConfig {
  const config: ConnectConfig = { sock, username: ssh.username, readyTimeout: timeoutMs > 0 ? timeoutMs : 2 ** 31 - 1 };
  if (ssh.private_key !== undefined && ssh.private_key !== '') {
    config.privateKey = isPemText(ssh.private_key) ? ssh.private_key : readFileSync(ssh.private_key, 'utf8');
    if (ssh.private_key_password !== undefined) config.passphrase = ssh.private_key_password;
  }
  if (ssh.password !== undefined && ssh.password !== '') config.password = ssh.password;
  return config;
}
