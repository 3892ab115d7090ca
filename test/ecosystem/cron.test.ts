import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TMPDIR_ENV } from '@pgsinger/testkit';
import { writeFakeBins } from './fake-bins';

const SCRIPT = path.join(__dirname, '..', '..', 'examples', 'cron', 'sync.sh');
const bins = writeFakeBins();

interface Run {
  code: number | null;
  stderr: string;
}

const run = (dir: string, env: Record<string, string> = {}, args: string[] = [dir]): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn('bash', [SCRIPT, ...args], {
      env: { PATH: process.env.PATH ?? '', TAP_POSTGRES_BIN: bins.tap, TARGET_POSTGRES_BIN: bins.target, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });

const configDir = (): { dir: string; log: string } => {
  const dir = mkdtempSync(path.join(process.env[TMPDIR_ENV] || tmpdir(), 'pgsinger-cron-'));
  for (const file of ['tap.json', 'target.json', 'catalog.json']) writeFileSync(path.join(dir, file), '{}');
  return { dir, log: path.join(dir, 'starts.log') };
};
const stateOf = (dir: string): unknown => JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8'));
const leftovers = (dir: string): string[] =>
  readdirSync(dir).filter((name) => name.startsWith('.') && name !== '.sync.lock');

describe('examples/cron/sync.sh', () => {
  test('first run writes the last state; the next run resumes from it', async () => {
    const { dir, log } = configDir();
    const first = await run(dir, { FAKE_LOG: log });
    expect(first).toMatchObject({ code: 0 });
    expect(stateOf(dir)).toEqual({ bookmarks: { counter: { n: 3 } } });
    expect((await run(dir, { FAKE_LOG: log })).code).toBe(0);
    expect(stateOf(dir)).toEqual({ bookmarks: { counter: { n: 6 } } });
    expect(readFileSync(log, 'utf8')).toBe('0\n3\n');
    expect(leftovers(dir)).toEqual([]);
  });

  test('tap exit 3 (some streams failed): the state is kept, the script exits 3', async () => {
    const { dir, log } = configDir();
    await run(dir, { FAKE_LOG: log });
    const partial = await run(dir, { FAKE_LOG: log, FAKE_TAP_EXIT: '3' });
    expect(partial.code).toBe(3);
    expect(partial.stderr).toMatch(
      /some streams failed \(tap exit 3: see its ERROR lines\); .*new state in .*state\.json/,
    );
    expect(stateOf(dir)).toEqual({ bookmarks: { counter: { n: 6 } } });
    expect(leftovers(dir)).toEqual([]);
    // A failing target still keeps the old state, whatever the tap's code.
    const both = await run(dir, { FAKE_LOG: log, FAKE_TAP_EXIT: '3', FAKE_TARGET_EXIT: '1' });
    expect(both.code).toBe(1);
    expect(stateOf(dir)).toEqual({ bookmarks: { counter: { n: 6 } } });
  });

  test('a failing target leaves the old state file untouched, exits with its code, and the next run resumes', async () => {
    const { dir, log } = configDir();
    await run(dir, { FAKE_LOG: log });
    const before = readFileSync(path.join(dir, 'state.json'));
    const mtime = statSync(path.join(dir, 'state.json')).mtimeMs;
    const failed = await run(dir, { FAKE_LOG: log, FAKE_TARGET_EXIT: '1' });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/failed \(tap exit 0, target exit 1\); .*state\.json left unchanged/);
    expect(readFileSync(path.join(dir, 'state.json'))).toEqual(before);
    expect(statSync(path.join(dir, 'state.json')).mtimeMs).toBe(mtime);
    expect(leftovers(dir)).toEqual([]);
    expect((await run(dir, { FAKE_LOG: log })).code).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe('0\n3\n3\n');
    expect(stateOf(dir)).toEqual({ bookmarks: { counter: { n: 6 } } });
  });

  test('a failing tap (or one stopped by a signal) keeps the state too and passes its exit code on', async () => {
    const { dir } = configDir();
    await run(dir);
    const before = readFileSync(path.join(dir, 'state.json'), 'utf8');
    expect((await run(dir, { FAKE_TAP_EXIT: '143' })).code).toBe(143);
    expect(readFileSync(path.join(dir, 'state.json'), 'utf8')).toBe(before);
  });

  test('a second concurrent run is refused by the lock (exit 75); the first completes', async () => {
    const { dir } = configDir();
    const slow = run(dir, { FAKE_TAP_SLEEP_MS: '1500' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const second = await run(dir);
    expect(second.code).toBe(75);
    expect(second.stderr).toContain('another sync of');
    expect((await slow).code).toBe(0);
    expect(stateOf(dir)).toEqual({ bookmarks: { counter: { n: 3 } } });
  });

  test('usage and missing files have their own exit codes', async () => {
    expect((await run('/nonexistent', {}, [])).code).toBe(64);
    const { dir } = configDir();
    expect((await run(path.join(dir, 'missing'))).code).toBe(66);
    expect(existsSync(path.join(dir, 'state.json'))).toBe(false);
  });
});
