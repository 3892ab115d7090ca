import net from 'node:net';
import path from 'node:path';
import type { Client } from 'pg';
import { connect } from '@pgsinger/postgres';
import { serverVersionNum } from '../src/server-version-num';
import { freePort, testDatabase } from '@pgsinger/testkit';
import { connectionFailure } from './connection-failure';

const db = testDatabase({ prefix: 'postgres_connect' });
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.end()));
});

describe('connect', () => {
  it('connects with application_name and session settings', async () => {
    const client = await connect(db.settings, {
      applicationName: 'pgsinger-test',
      sessionSettings: { TimeZone: 'UTC', DateStyle: 'ISO', extra_float_digits: 3, search_path: '"odd name", public' },
    });
    clients.push(client);
    const { rows } = await client.query<Record<string, string>>(
      `SELECT current_setting('application_name') AS app, current_setting('TimeZone') AS tz,
              current_setting('DateStyle') AS ds, current_setting('extra_float_digits') AS efd,
              current_setting('search_path') AS sp`,
    );
    expect(rows[0]).toEqual({ app: 'pgsinger-test', tz: 'UTC', ds: 'ISO, MDY', efd: '3', sp: '"odd name", public' });
    expect(await serverVersionNum(client)).toBeGreaterThanOrEqual(100000);
  });

  it("prefers the config's application_name", async () => {
    const client = await connect({ ...db.settings, application_name: 'from-config' }, { applicationName: 'default' });
    clients.push(client);
    const { rows } = await client.query<{ app: string }>("SELECT current_setting('application_name') AS app");
    expect(rows[0]?.app).toBe('from-config');
  });

  it('opens a logical replication connection', async () => {
    const client = await connect(db.settings, { replication: 'database' });
    clients.push(client);
    const { rows } = await client.query<{ dbname: string }>('IDENTIFY_SYSTEM');
    expect(rows[0]?.dbname).toBe(db.name);
  });

  it('names host:port/dbname on a wrong password and never the password', async () => {
    if (db.server.password === undefined) return; // a trust-only TEST_DATABASE_URL server cannot reject passwords
    const secret = 'wrong-Secret-123';
    const error = await connectionFailure(connect({ ...db.settings, password: secret }));
    expect(error.code).toBe('PG_AUTH_FAILED');
    expect(error.known).toBe(true);
    expect(error.message).toContain(`${db.settings.host}:${db.settings.port}/${db.name}`);
    expect(error.message).toMatch(/password authentication failed/);
    expect(`${error.message} ${error.fix} ${error.stack ?? ''}`).not.toContain(secret);
  });

  it('reports a missing database', async () => {
    const error = await connectionFailure(connect({ ...db.settings, dbname: 'no_such_database_x' }));
    expect(error.code).toBe('PG_DATABASE_MISSING');
    expect(error.message).toContain('/no_such_database_x');
  });

  it('reports a missing role', async () => {
    // Over TCP the server answers "password authentication failed" for unknown roles; the socket (trust) names it.
    const socketDir = db.server.dataDir === undefined ? undefined : path.dirname(db.server.dataDir);
    const settings = socketDir === undefined ? db.settings : { ...db.settings, host: socketDir };
    const error = await connectionFailure(connect({ ...settings, user: 'no_such_role_x' }));
    expect(error.code).toBe(socketDir === undefined ? 'PG_AUTH_FAILED' : 'PG_ROLE_MISSING');
    expect(error.message).toContain('no_such_role_x');
  });

  it('reports an unknown host', async () => {
    const error = await connectionFailure(connect({ ...db.settings, host: 'no-such-host.invalid' }));
    expect(error.code).toBe('PG_HOST_UNKNOWN');
    expect(error.message).toContain('no-such-host.invalid:');
  });

  it('reports a refused connection', async () => {
    const port = await freePort();
    const error = await connectionFailure(connect({ ...db.settings, host: '127.0.0.1', port, connect_retries: 0 }));
    expect(error.code).toBe('PG_CONNECTION_REFUSED');
    expect(error.message).toContain(`127.0.0.1:${port}/`);
  });

  it('retries a refused connection with backoff, then connects when the server is up', async () => {
    // A proxy that starts listening only after the first attempts were refused.
    const port = await freePort();
    const sockets: net.Socket[] = [];
    const proxy = net.createServer((socket) => {
      sockets.push(socket);
      const upstream = net.connect(db.settings.port, db.settings.host);
      sockets.push(upstream);
      socket.pipe(upstream).pipe(socket);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    const started = Date.now();
    setTimeout(() => proxy.listen(port, '127.0.0.1'), 250);
    try {
      const client = await connect({ ...db.settings, host: '127.0.0.1', port, connect_retry_delay: 0.2 });
      clients.push(client);
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);
      const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
      expect(rows[0]?.one).toBe(1);
    } finally {
      await Promise.all(clients.splice(0).map((client) => client.end()));
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('times out on a server that never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = Date.now();
      const error = await connectionFailure(
        connect({ ...db.settings, host: '127.0.0.1', port, connect_timeout: 1, connect_retries: 0 }),
      );
      expect(error.code).toBe('PG_CONNECT_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
