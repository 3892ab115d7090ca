import { readFileSync } from 'node:fs';
import {
  collect,
  type Destination,
  feed,
  logBasedCatalog,
  spawnBin,
  tapConfig,
  testDatabase,
  writeJsonTemp,
} from '@pgsinger/testkit';

// One transaction of 1,000,000 rows streams with flat memory: the tap's peak RSS (VmHWM) stays under 150 MB, for
// wal2json (format-version 2: one message per change) and pgoutput.
const db = testDatabase({ prefix: 'e2e_lb1m' });
const ROWS = 1_000_000;
const dests: Destination[] = (['wal2json', 'pgoutput'] as const).map((plugin) => ({
  plugin,
  hardDelete: true,
  slot: `big_${plugin}`,
  schema: `dst_${plugin}`,
}));

function peakRssKb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? 0 : Number(match[1]);
}

/** Runs the tap alone, counting RECORD lines and keeping the last STATE; polls the tap's peak RSS. */
async function runTap(dest: Destination, catalog: string): Promise<{ records: number; peakKb: number }> {
  const args = ['--config', tapConfig(db, dest), '--catalog', catalog];
  const env = process.env.LB_NODE_OPTIONS === undefined ? {} : { NODE_OPTIONS: process.env.LB_NODE_OPTIONS };
  const tap = spawnBin('tap-postgres', dest.state === undefined ? args : [...args, '--state', dest.state], env);
  feed(tap, undefined);
  let records = 0;
  let carry = '';
  let lastState = '';
  tap.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('{"type":"RECORD"')) records += 1;
      else if (line.startsWith('{"type":"STATE"')) lastState = line;
    }
  });
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      if (tap.pid !== undefined) peakKb = Math.max(peakKb, peakRssKb(tap.pid));
    } catch {
      // The process has just exited.
    }
  }, 50);
  const result = await collect(tap, 240_000, { stdout: false });
  clearInterval(poll);
  if (result.code !== 0) throw new Error(result.stderr);
  dest.state = writeJsonTemp((JSON.parse(lastState) as { value: unknown }).value, 'state');
  return { records, peakKb };
}

describe('LOG_BASED: a 1,000,000-row transaction', () => {
  test('streams with the tap under 150 MB peak RSS, for wal2json and pgoutput', async () => {
    await db.query('CREATE SCHEMA src; CREATE TABLE src.big (id int PRIMARY KEY, v text, n numeric, t timestamptz)');
    const catalog = await logBasedCatalog(db, ['src-big']);
    for (const dest of dests) await runTap(dest, catalog);
    await db.query(
      `INSERT INTO src.big SELECT g, 'row number ' || g, g * 1.5, now() FROM generate_series(1, ${ROWS}) g`,
    );
    for (const dest of dests) {
      const started = Date.now();
      const { records, peakKb } = await runTap(dest, catalog);
      const seconds = (Date.now() - started) / 1000;
      process.stderr.write(
        `${dest.plugin}: ${records} records in ${seconds} s, tap peak RSS ${Math.round(peakKb / 1024)} MB\n`,
      );
      expect(records).toBe(ROWS);
      expect(peakKb).toBeGreaterThan(0);
      expect(peakKb).toBeLessThan(150 * 1024);
    }
  }, 300_000);
});
