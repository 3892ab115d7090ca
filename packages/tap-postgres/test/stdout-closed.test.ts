import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { binPath, collect, spawnBin, testDatabase, writeJsonTemp } from '@pgsinger/testkit';
import { configFile, selectedCatalog } from './helpers';

// When the reader of stdout goes away (`| head`, a target that died), the tap stops at once with exit 0 and one
// WARNING saying so and how many messages it had written, so that an operator reading the logs knows what happened.
const db = testDatabase({ prefix: 'tap_stdout_closed' });
let args: string[];

beforeAll(async () => {
  await db.query(`CREATE TABLE big (id int PRIMARY KEY, v text);
    INSERT INTO big SELECT g, repeat('v', 100) FROM generate_series(1, 200000) g`);
  const config = configFile(db);
  args = ['-c', config, '--catalog', await selectedCatalog(config, { 'public-big': { method: 'FULL_TABLE' } })];
});

const READER_GONE =
  /^WARNING stdout was closed by its reader after (\d+) messages had been written \(the reader may not have read the last of them\); stopping/m;

describe('stdout closed early', () => {
  it('tap | head -c 100: exit 0 and one line saying the reader went away, with the count', async () => {
    const errors = writeJsonTemp({}, 'stderr');
    const quote = (text: string): string => `'${text.replace(/'/g, "'\\''")}'`;
    const command = `${quote(process.execPath)} ${quote(binPath('tap-postgres'))} ${args.map(quote).join(' ')} 2>${quote(errors)} | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`;
    const child = spawn('bash', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
    const result = await collect(child, 60_000);
    expect(result.stdout.trim()).toBe('0');
    const stderr = readFileSync(errors, 'utf8');
    const gone = stderr.match(READER_GONE);
    expect(gone).not.toBeNull();
    expect(Number(gone?.[1])).toBeGreaterThan(0);
    expect(Number(gone?.[1])).toBeLessThan(200_000);
    expect(stderr).not.toMatch(/CRITICAL|^\s+at /m);
  });

  it('a reader killed mid-run (its end of the pipe closed): the same line, exit 0', async () => {
    const child = spawnBin('tap-postgres', args);
    child.stdin?.end();
    let seen = 0;
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > 1_000_000) child.stdout?.destroy();
    });
    const result = await collect(child, 60_000, { stdout: false });
    expect(result.code).toBe(0);
    const gone = result.stderr.match(READER_GONE);
    expect(Number(gone?.[1])).toBeGreaterThan(1000);
    expect(result.stderr.split('\n').filter((line) => READER_GONE.test(line))).toHaveLength(1);
  });
});
