import { freePort, testDatabase } from '@pgsinger/testkit';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { prepareMeltanoProject, type MeltanoProject, type ProcessResult } from '../support/meltano-project';

// Settings of the example project under real Meltano, given the three ways people give them: `meltano config set`,
// Meltano's environment variables (which win over meltano.yml and .env), and the same variables read by the CLI itself with `--config ENV`; and a failing
// run (wrong password) whose one-line error shows in Meltano's output. PATH has no node (the wheels bring their own).
jest.setTimeout(600_000);

const shop = testDatabase({ prefix: 'meltano_settings' });
let project: MeltanoProject;
const seconds: Record<string, number> = {};

const meltano = async (label: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<ProcessResult> => {
  const result = await project.meltano(args, env);
  seconds[label] = result.seconds;
  return result;
};
const expectExit = (result: ProcessResult, code: number) => {
  if (result.code !== code) throw new Error(`exited ${result.code}, expected ${code}:\n${result.output}`);
};

beforeAll(async () => {
  project = await prepareMeltanoProject();
  // meltano config test runs the tap until its first RECORD: the table needs a row.
  await shop.query(
    "CREATE TABLE customers (id integer PRIMARY KEY, name text); INSERT INTO customers VALUES (1, 'one')",
  );
  expectExit(await meltano('install', ['install']), 0);
}, 900_000);

afterAll(() => {
  const timings = Object.entries(seconds).map(([label, value]) => `${label} ${value.toFixed(1)} s`);
  process.stderr.write(`meltano-settings timings: ${timings.join(', ')}\n`);
});

test('meltano config set (meltano.yml, the password to .env) with the host from the environment: config test passes', async () => {
  const { host, port, user, password } = shop.settings;
  const sets: [string, string][] = [
    ['dbname', shop.name],
    ['password', password ?? ''],
    ['connect_retry_delay', '0.5'], // a number setting (kind string: Meltano hands "0.5", the CLI reads a number)
  ];
  for (const [name, value] of sets)
    expectExit(await meltano('config set', ['config', 'set', 'tap-postgres', name, value]), 0);
  const yml = readFileSync(path.join(project.dir, 'meltano.yml'), 'utf8');
  expect(yml).toContain(`dbname: ${shop.name}`);
  expect(yml).not.toContain(password ?? 'no password');
  expect(readFileSync(path.join(project.dir, '.env'), 'utf8')).toContain(`TAP_POSTGRES_PASSWORD='${password}'`);
  const hostEnv = { TAP_POSTGRES_HOST: host, TAP_POSTGRES_PORT: String(port), TAP_POSTGRES_USER: user };
  const list = await meltano('config list', ['config', 'list', 'tap-postgres'], hostEnv);
  expect(list.stdout).toContain(
    'password [env: TAP_POSTGRES_PASSWORD] current value: (redacted) (from the TAP_POSTGRES_PASSWORD variable in `.env`)',
  );
  expect(list.stdout).toContain(
    `dbname [env: TAP_POSTGRES_DBNAME] current value: '${shop.name}' (from \`meltano.yml\`)`,
  );
  expect(list.stdout).toContain(
    `host [env: TAP_POSTGRES_HOST] current value: '${host}' (from the TAP_POSTGRES_HOST variable in the environment)`,
  );
  expect(list.stdout).toContain(
    "connect_retry_delay [env: TAP_POSTGRES_CONNECT_RETRY_DELAY] (default: 1) current value: '0.5'",
  );
  const test = await meltano('config test', ['config', 'test', 'tap-postgres'], hostEnv);
  expectExit(test, 0);
  expect(test.output).toContain('Plugin configuration is valid');
  // The environment wins over .env: a wrong TAP_POSTGRES_PASSWORD fails the same test.
  const wrong = await meltano('config test (wrong password)', ['config', 'test', 'tap-postgres'], {
    ...hostEnv,
    TAP_POSTGRES_PASSWORD: 'wrong',
  });
  expect(wrong.code).not.toBe(0);
  expect(wrong.output).toContain('password authentication failed');
});

test('--config ENV: the installed CLI reads the same TAP_POSTGRES_* variables by itself', async () => {
  const { host, port, user, password } = shop.settings;
  const env = {
    TAP_POSTGRES_HOST: host,
    TAP_POSTGRES_PORT: String(port),
    TAP_POSTGRES_USER: user,
    TAP_POSTGRES_PASSWORD: password ?? '',
    TAP_POSTGRES_DBNAME: shop.name,
  };
  const tap = project.pluginExecutable('extractors', 'tap-postgres');
  const ok = await project.run(tap, ['--config', 'ENV', '--test'], env);
  expectExit(ok, 0);
  expect(ok.stderr).toContain('tap-postgres: connection test passed');
  const discovered = await project.run(tap, ['--config', 'ENV', '--discover'], env);
  expectExit(discovered, 0);
  expect(JSON.parse(discovered.stdout)).toMatchObject({ streams: [{ tap_stream_id: 'public-customers' }] });
  // ssh2 inside the bundle: a refused bastion is our one-line SSH error, not a module missing from the bundle.
  const sshPort = await freePort();
  const ssh = await project.run(tap, ['--config', 'ENV', '--test'], {
    ...env,
    TAP_POSTGRES_CONNECT_RETRIES: '0',
    TAP_POSTGRES_SSH_TUNNEL__ENABLE: 'true',
    TAP_POSTGRES_SSH_TUNNEL__HOST: '127.0.0.1',
    TAP_POSTGRES_SSH_TUNNEL__PORT: String(sshPort),
    TAP_POSTGRES_SSH_TUNNEL__USERNAME: 'nobody',
    TAP_POSTGRES_SSH_TUNNEL__PASSWORD: 'x',
  });
  expect(ssh.code).toBe(1);
  expect(ssh.stderr).toMatch(/^CRITICAL .*connection refused — check ssh_tunnel\.host and ssh_tunnel\.port\n$/);
});

test('a wrong password: meltano run fails and shows our one-line error, no stack trace', async () => {
  const target = {
    TARGET_POSTGRES_HOST: shop.settings.host,
    TARGET_POSTGRES_PORT: String(shop.settings.port),
    TARGET_POSTGRES_USER: shop.settings.user,
    TARGET_POSTGRES_PASSWORD: shop.settings.password ?? '',
    TARGET_POSTGRES_DBNAME: shop.name,
  };
  const run = await meltano('run (wrong password)', ['run', 'tap-postgres', 'target-postgres'], {
    ...target,
    TAP_POSTGRES_HOST: shop.settings.host,
    TAP_POSTGRES_PORT: String(shop.settings.port),
    TAP_POSTGRES_USER: shop.settings.user,
    TAP_POSTGRES_PASSWORD: 'wrong',
  });
  expect(run.code).not.toBe(0);
  const ours = run.output.split('\n').filter((line) => line.includes('password authentication failed'));
  expect(ours.length).toBeGreaterThan(0);
  expect(ours[0]).toMatch(
    /critical.*Cannot connect to PostgreSQL at .*: password authentication failed for user ".*" — check the user and password/,
  );
  expect(run.output).not.toMatch(/^\s+at .*\.js:\d+:\d+/m);
  expect(run.output).not.toContain('wrong');
});
