import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { processAlive } from '@pgsinger/testkit';
import type { PgServerInfo } from '@pgsinger/testkit';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DIST = path.resolve(__dirname, '..', 'dist');

/** The environment of a child that must start its own local cluster. */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of ['PGSINGER_TEST_SERVER', 'TEST_DATABASE_URL', 'PGHOST']) delete env[name];
  return env;
}

/** Spawns node with a script that starts a cluster, prints its info line, then does `then`. */
function startChild(then: string): { child: ReturnType<typeof spawn>; info: Promise<ClusterInfo> } {
  const script = `
    const { startLocalPostgres } = require(${JSON.stringify(DIST)});
    startLocalPostgres().then((s) => {
      console.log(JSON.stringify({ port: s.port, dataDir: s.dataDir, pid: s.pid }));
      ${then}
    });`;
  const child = spawn(process.execPath, ['-e', script], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const info = new Promise<ClusterInfo>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0] ?? '') as ClusterInfo);
    });
    child.once('close', (code) => reject(new Error(`child exited (${code}) before starting a cluster: ${out}`)));
  });
  return { child, info };
}

interface ClusterInfo {
  port: number;
  dataDir: string;
  pid: number;
}

function exited(child: ReturnType<typeof spawn>): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(true));
    socket.once('error', () => resolve(false));
  }).finally(() => undefined) as Promise<boolean>;
}

async function expectCleanedUp(info: ClusterInfo, withinMs = 0): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline && (existsSync(path.dirname(info.dataDir)) || processAlive(info.pid))) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(existsSync(path.dirname(info.dataDir))).toBe(false);
  expect(processAlive(info.pid)).toBe(false);
  expect(await accepts(info.port)).toBe(false);
}

// Without local server binaries these fail with startLocalPostgres's install hint (never skipped).
describe('a throwaway cluster is removed', () => {
  it('when the process throws', async () => {
    const { child, info } = startChild("throw new Error('deliberate failure');");
    const cluster = await info;
    expect(existsSync(cluster.dataDir)).toBe(true);
    expect((await exited(child)).code).toBe(1);
    await expectCleanedUp(cluster);
  });

  it('when the process gets SIGTERM', async () => {
    const { child, info } = startChild('setInterval(() => undefined, 1000);');
    const cluster = await info;
    child.kill('SIGTERM');
    expect((await exited(child)).signal).toBe('SIGTERM');
    await expectCleanedUp(cluster);
  });

  it('when the process is killed with SIGKILL (by the watchdog)', async () => {
    const { child, info } = startChild('setInterval(() => undefined, 1000);');
    const cluster = await info;
    child.kill('SIGKILL');
    await exited(child);
    await expectCleanedUp(cluster, 10_000);
  });

  it('after a failing jest run that used the global setup', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'pgsinger-fixture-'));
    try {
      const outFile = path.join(out, 'server.json');
      const child = spawn(
        process.execPath,
        [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', 'fixtures/failing-run/jest.config.js'],
        { cwd: __dirname, env: childEnv({ PGSINGER_FIXTURE_OUT: outFile }), stdio: 'ignore' },
      );
      expect((await exited(child)).code).toBe(1);
      const { shared, leaked } = JSON.parse(readFileSync(outFile, 'utf8')) as {
        shared: PgServerInfo;
        leaked: ClusterInfo;
      };
      // The run's shared cluster (global setup/teardown) is gone at once.
      expect(shared.kind).toBe('local');
      expect(existsSync(path.dirname(shared.dataDir ?? ''))).toBe(false);
      expect(await accepts(shared.port)).toBe(false);
      // A cluster a test file started and never stopped goes with its worker process.
      await expectCleanedUp(leaked, 10_000);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
