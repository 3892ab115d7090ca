import type { SshBastion } from '@pgsinger/testkit';
import {
  findSecrets,
  runBin,
  runPipeline,
  selectStreams,
  startSshBastion,
  testDatabase,
  writeJsonTemp,
} from '@pgsinger/testkit';
import { refusedTarget } from '../support/refused-target';

// The tap and the target through an SSH bastion (ssh2's Server on loopback) that alone resolves the database host:
// a run that does not go through the tunnel cannot connect at all. Key and password logins; the tunnel is gone
// once the processes have exited.
const db = testDatabase({ prefix: 'e2e_ssh' });
const DB_HOST = 'pg.behind.bastion';
let bastion: SshBastion;

beforeAll(async () => {
  bastion = await startSshBastion({ aliases: { [DB_HOST]: '127.0.0.1' } });
  await db.query('CREATE SCHEMA src');
  await db.query(
    'CREATE TABLE src.orders (id int PRIMARY KEY, total numeric(12,2)); INSERT INTO src.orders SELECT g, g * 1.5 FROM generate_series(1, 40) g',
  );
});

afterAll(async () => {
  await bastion?.stop();
});

const secrets = (): string[] => [
  db.settings.password ?? '',
  bastion.password,
  bastion.keys.ed25519.privateKey,
  bastion.keys.ed25519.passphrase ?? '',
  bastion.keys.rsa.privateKey,
];

type Auth = 'ed25519' | 'rsa' | 'password';

function config(auth: Auth, extra: Record<string, unknown>): string {
  const login =
    auth === 'password'
      ? { password: bastion.password }
      : { private_key: bastion.keys[auth].privateKey, private_key_password: bastion.keys[auth].passphrase };
  const ssh_tunnel = { enable: true, host: bastion.host, port: bastion.port, username: bastion.username, ...login };
  return writeJsonTemp({ ...db.settings, host: DB_HOST, ssh_tunnel, ...extra }, `ssh-${auth}`);
}

async function discoverCatalog(auth: Auth, method: 'FULL_TABLE' | 'LOG_BASED' = 'FULL_TABLE'): Promise<string> {
  const discovery = await runBin('tap-postgres', ['--config', config(auth, { filter_schemas: 'src' }), '--discover']);
  expect(findSecrets(discovery.stderr, secrets())).toEqual([]);
  expect({ code: discovery.code, stderr: discovery.stderr.slice(-800) }).toEqual({
    code: 0,
    stderr: expect.any(String),
  });
  await bastion.waitUntilIdle();
  return writeJsonTemp(selectStreams(JSON.parse(discovery.stdout) as unknown, { 'src-orders': { method } }), 'catalog');
}

describe('SSH tunnel end to end', () => {
  it.each([
    ['ed25519', 'password'],
    ['rsa', 'ed25519'],
  ] as const)('tap (%s key) | target (%s) FULL_TABLE through the bastion', async (tapAuth, targetAuth) => {
    const catalog = await discoverCatalog(tapAuth);
    const before = bastion.forwards.length;
    const schema = `dst_${tapAuth}`;
    const result = await runPipeline({
      tapArgs: ['--config', config(tapAuth, { filter_schemas: 'src' }), '--catalog', catalog],
      targetArgs: ['--config', config(targetAuth, { default_target_schema: schema })],
    });
    expect(findSecrets(result.tap.stderr + result.target.stderr, secrets())).toEqual([]);
    expect({
      tap: result.tap.code,
      target: result.target.code,
      err: result.tap.stderr.slice(-800) + result.target.stderr.slice(-800),
    }).toEqual({ tap: 0, target: 0, err: expect.any(String) });
    const { rows } = await db.query<{ n: string; total: string }>(
      `SELECT count(*) AS n, sum(total)::text AS total FROM ${schema}.orders`,
    );
    expect(rows[0]).toEqual({ n: '40', total: '1230.00' });
    expect(bastion.forwards.length).toBeGreaterThan(before);
    // Both processes have exited: their SSH connections are closed.
    await bastion.waitUntilIdle();
    expect(bastion.openConnections()).toBe(0);
  });

  it('LOG_BASED through the bastion: slot, snapshot copy and the replication stream all use the tunnel', async () => {
    const catalog = await discoverCatalog('password', 'LOG_BASED');
    const schema = 'dst_log_based';
    const sync = async (state?: string): Promise<string> => {
      const result = await runPipeline({
        tapArgs: ['--config', config('password', { filter_schemas: 'src' }), '--catalog', catalog].concat(
          state ? ['--state', state] : [],
        ),
        targetArgs: ['--config', config('ed25519', { default_target_schema: schema })],
      });
      expect(findSecrets(result.tap.stderr + result.target.stderr, secrets())).toEqual([]);
      expect({ tap: result.tap.code, target: result.target.code, err: result.tap.stderr.slice(-800) }).toEqual({
        tap: 0,
        target: 0,
        err: expect.any(String),
      });
      const states = result.target.stdout.trim().split('\n');
      return writeJsonTemp(JSON.parse(states[states.length - 1]!) as unknown, 'state');
    };
    const state = await sync();
    await db.query('INSERT INTO src.orders SELECT g, g * 1.5 FROM generate_series(41, 45) g');
    await db.query('UPDATE src.orders SET total = 0 WHERE id = 1');
    await sync(state);
    const { rows } = await db.query<{ n: string; total: string }>(
      `SELECT count(*) AS n, sum(total)::text AS total FROM ${schema}.orders`,
    );
    const source = await db.query<{ n: string; total: string }>(
      'SELECT count(*) AS n, sum(total)::text AS total FROM src.orders',
    );
    expect(rows[0]).toEqual(source.rows[0]);
    expect(rows[0]?.n).toBe('45');
    await bastion.waitUntilIdle();
    expect(bastion.openConnections()).toBe(0);
  });

  it('fails clearly on a wrong SSH password, without printing it', async () => {
    const wrong = 'Wrong-ssh-password-e2e';
    const file = writeJsonTemp(
      {
        ...db.settings,
        host: DB_HOST,
        default_target_schema: 'x',
        ssh_tunnel: {
          enable: true,
          host: bastion.host,
          port: bastion.port,
          username: bastion.username,
          password: wrong,
        },
      },
      'ssh-wrong',
    );
    expect(await refusedTarget(file, [...secrets(), wrong])).toMatch(/SSH tunnel through .*authentication failed/);
    await bastion.waitUntilIdle();
  });
});
