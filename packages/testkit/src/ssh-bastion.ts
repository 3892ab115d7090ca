import { timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import type { Connection, ParsedKey } from 'ssh2';
import { Server, utils } from 'ssh2';

/** A client key pair the bastion accepts (OpenSSH private key text, maybe encrypted). */
export interface SshClientKey {
  readonly privateKey: string;
  readonly passphrase?: string;
}

/** An SSH server on loopback that forwards `tcpip` channels (ssh2's Server), for tunnel tests. */
export interface SshBastion {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** Accepted keys: Ed25519 (encrypted with a passphrase) and RSA (plain), generated at start. */
  readonly keys: { readonly ed25519: SshClientKey; readonly rsa: SshClientKey };
  /** SSH connections open now (authenticated or not). */
  openConnections(): number;
  /** Every forward asked for, as `host:port`. */
  readonly forwards: readonly string[];
  /** Resolves when no SSH connection is open any more (rejects after timeoutMs). */
  waitUntilIdle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts an ssh2 server on 127.0.0.1 (random port): password and public-key logins for `username`, forwarding
 * channels to the requested host and port; `aliases` maps host names the bastion alone knows to addresses.
 */
export async function startSshBastion(
  options: { aliases?: Readonly<Record<string, string>> } = {},
): Promise<SshBastion> {
  const username = 'tunnel';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const hostKey = utils.generateKeyPairSync('ed25519');
  const passphrase = `kp-${Math.random().toString(36).slice(2)}`;
  const ed = utils.generateKeyPairSync('ed25519', { passphrase, cipher: 'aes256-ctr', rounds: 4 });
  const rsa = utils.generateKeyPairSync('rsa', { bits: 2048 });
  const allowed = [ed.public, rsa.public].map((text) => parsed(utils.parseKey(text)));
  const connections = new Set<Connection>();
  const forwards: string[] = [];
  const server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    connections.add(client);
    client.on('error', () => undefined);
    client.on('close', () => connections.delete(client));
    client.on('authentication', (ctx) => {
      if (ctx.username !== username) return ctx.reject();
      if (ctx.method === 'password') return same(ctx.password, password) ? ctx.accept() : ctx.reject();
      if (ctx.method === 'publickey') {
        const key = allowed.find((k) => k.type === ctx.key.algo && k.getPublicSSH().equals(ctx.key.data));
        if (key === undefined) return ctx.reject();
        if (ctx.signature === undefined || ctx.blob === undefined) return ctx.accept();
        return key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true ? ctx.accept() : ctx.reject();
      }
      return ctx.reject(['password', 'publickey']);
    });
    client.on('ready', () => {
      client.on('tcpip', (accept, reject, info) => {
        forwards.push(`${info.destIP}:${info.destPort}`);
        const socket = net.connect(info.destPort, options.aliases?.[info.destIP] ?? info.destIP);
        socket.once('error', () => reject());
        socket.once('connect', () => {
          const channel = accept();
          channel.on('error', () => socket.destroy());
          socket.on('error', () => channel.destroy());
          channel.pipe(socket).pipe(channel);
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    username,
    password,
    keys: { ed25519: { privateKey: ed.private, passphrase }, rsa: { privateKey: rsa.private } },
    openConnections: () => connections.size,
    forwards,
    waitUntilIdle: async (timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (connections.size > 0) {
        if (Date.now() > deadline) throw new Error(`${connections.size} SSH connection(s) still open`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop: async () => {
      for (const client of connections) client.end();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function parsed(key: ParsedKey | Error): ParsedKey {
  if (key instanceof Error) throw key;
  return key;
}

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
