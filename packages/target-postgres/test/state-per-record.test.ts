import { runBinWatched, writeJsonTemp, type BinResult } from '@pgsinger/testkit';
import { schemaMsg, singer, targetHarness } from './harness';

const h = targetHarness('tgt_state_each');

const TOTAL = 200_000;
const STREAM = 'public-items';
const schema = schemaMsg(STREAM, {
  id: { type: 'integer' },
  amount: { type: ['null', 'number'], 'x-sql-datatype': 'numeric(20,2)' },
  label: { type: ['null', 'string'] },
});

/** The state a tap that bookmarks every record sends after record `n`: a position and a timestamp with zeros. */
function stateText(n: number): string {
  const micros = String(n).padStart(6, '0');
  const bookmark = { replication_key: 'updated_at', replication_key_value: `2026-01-02T03:04:05.${micros}+00:00` };
  return JSON.stringify({ currently_syncing: STREAM, bookmarks: { [STREAM]: { ...bookmark, position: n } } });
}

/** What the tap sends resuming after record `after`: SCHEMA, then each record followed by a STATE. */
function tapOutput(after = 0): string {
  let out = singer([schema]);
  for (let id = after + 1; id <= TOTAL; id++) {
    out += `{"type":"RECORD","stream":"${STREAM}","record":{"id":${id},"amount":${id}.25,"label":"row ${id}"}}\n`;
    out += `{"type":"STATE","value":${stateText(id)}}\n`;
  }
  return out;
}

/** The rows of each load, from the target's load log lines on stderr. */
function loads(run: BinResult): number[] {
  return [...run.stderr.matchAll(/public-items: loaded (\d+) rows/g)].map((m) => Number(m[1]));
}

const printed = (run: BinResult): string[] => run.stdout.split('\n').filter((line) => line !== '');
const position = (line: string): number =>
  (JSON.parse(line) as { bookmarks: Record<string, { position: number }> }).bookmarks[STREAM].position;

/** Every row arrived once, with its values (compared as text). */
async function expectAllRows(): Promise<void> {
  const check = await h.db.query(
    `SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids, min(id)::int AS lo, max(id)::int AS hi,
            sum(amount)::text AS total, bool_and(label = 'row ' || id AND amount::text = id || '.25') AS values
       FROM tgt.items`,
  );
  const total = (BigInt(TOTAL) * BigInt(TOTAL + 1)) / 2n + BigInt(TOTAL / 4);
  expect(check.rows[0]).toEqual({ n: TOTAL, ids: TOTAL, lo: 1, hi: TOTAL, total: `${total}.00`, values: true });
}

describe('a STATE after every RECORD (issue 22): batches are cut by the batch triggers only', () => {
  beforeAll(() => h.reset());

  // batch_size_rows 2,000 fires at the row count where the early load would: the cuts are known exactly.
  const config = { batch_size_rows: 2_000, batch_flush_interval: 0 };
  const cuts = TOTAL / 2_000;
  // Each load is dispatched on its 2,000th record, before the STATE after it: it releases the state before.
  const expectedStates = [...Array.from({ length: cuts }, (_, i) => stateText((i + 1) * 2_000 - 1)), stateText(TOTAL)];

  it.each(['an empty', 'a full'])(
    '200,000 records into %s table: one load per 2,000 rows, the state lines',
    async () => {
      const run = await h.run(tapOutput(), config);
      expect({ code: run.code, err: run.code === 0 ? '' : run.stderr.slice(-500) }).toEqual({ code: 0, err: '' });
      // Before the fix: a load per 17 records (11,765 loads and state lines).
      expect(loads(run)).toEqual(Array.from({ length: cuts }, () => 2_000));
      // Each line an input STATE value as it came, in input order, the last input state last.
      expect(printed(run)).toEqual(expectedStates);
      await expectAllRows();
    },
    120_000,
  );

  it('with the default batch_size_rows: every load but the last holds at least the early-load 2,000 rows', async () => {
    await h.reset();
    const run = await h.run(tapOutput());
    expect(run.code).toBe(0);
    const rows = loads(run);
    expect(rows.reduce((a, b) => a + b, 0)).toBe(TOTAL);
    expect(rows.slice(0, -1).filter((n) => n < 2_000)).toEqual([]);
    const states = printed(run).map(position);
    expect(states).toEqual([...new Set(states)].sort((a, b) => a - b));
    expect(states.length).toBeLessThanOrEqual(rows.length + 1);
    expect(printed(run).at(-1)).toBe(stateText(TOTAL));
    await expectAllRows();
  }, 120_000);

  it('SIGKILL after a few state lines: the printed state covers committed rows; a rerun from it loses nothing', async () => {
    await h.reset();
    const file = writeJsonTemp(h.config(config), 'kill');
    let lines = 0;
    const killed = await runBinWatched(
      'target-postgres',
      ['--config', file],
      (chunk, child) => {
        lines += chunk.split('\n').length - 1;
        if (lines >= 3) child.kill('SIGKILL');
      },
      { input: tapOutput() },
    );
    const resumeAfter = position(printed(killed).at(-1)!);
    expect(resumeAfter).toBeLessThan(TOTAL);
    const committed = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tgt.items WHERE id <= $1', [
      resumeAfter,
    ]);
    expect(committed.rows[0]!.n).toBe(resumeAfter);

    const rerun = await h.run(tapOutput(resumeAfter), config);
    expect(rerun.code).toBe(0);
    expect(printed(rerun).at(-1)).toBe(stateText(TOTAL));
    await expectAllRows();
  }, 120_000);
});
