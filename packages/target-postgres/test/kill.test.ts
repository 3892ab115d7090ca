import { runBinWatched, signalAt, writeJsonTemp } from '@pgsinger/testkit';
import { schemaMsg, singer, state, targetHarness, type Line } from './harness';

const h = targetHarness('tgt_kill');

const TOTAL = 200_000;
const schema = schemaMsg('public-big', {
  id: { type: 'integer', 'x-sql-datatype': 'bigint' },
  amount: { type: ['null', 'number'], 'x-sql-datatype': 'numeric(20,2)' },
  label: { type: ['null', 'string'] },
});

/** What a tap would send when resuming after bookmark `after`: SCHEMA, records with id > after, a STATE every 5 000. */
function tapOutput(after: number): string {
  const lines: Line[] = [schema];
  let out = singer(lines);
  for (let id = after + 1; id <= TOTAL; id++) {
    out += `{"type":"RECORD","stream":"public-big","record":{"id":${id},"amount":${id}.25,"label":"row ${id}\\tx"}}\n`;
    if (id % 5000 === 0) out += `${JSON.stringify(state({ bookmarks: { 'public-big': { id } } }))}\n`;
  }
  return out;
}

/** Runs the target and SIGKILLs it as soon as it has printed a state line. */
function runUntilFirstState(input: string, config: string): Promise<{ stdout: string }> {
  return runBinWatched('target-postgres', ['--config', config], signalAt('\n', 'SIGKILL'), { input });
}

describe('SIGKILL in the middle of a large load', () => {
  it('a rerun from the last printed state ends with the destination equal to the source, no duplicates', async () => {
    await h.reset();
    const config = writeJsonTemp(h.config({ batch_size_rows: 20_000 }), 'kill');
    const killed = await runUntilFirstState(tapOutput(0), config);
    const printed = killed.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { bookmarks: { 'public-big': { id: number } } });
    expect(printed.length).toBeGreaterThan(0);
    const resumeAfter = printed.at(-1)!.bookmarks['public-big'].id;
    expect(resumeAfter).toBeLessThan(TOTAL);
    const partial = await h.db.query<{ n: string }>('SELECT count(*) AS n FROM tgt.big');
    expect(Number(partial.rows[0]!.n)).toBeGreaterThanOrEqual(resumeAfter);

    const rerun = await h.run(tapOutput(resumeAfter), { batch_size_rows: 20_000 });
    expect(rerun.code).toBe(0);
    const check = await h.db.query(
      `SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids, min(id)::int AS lo, max(id)::int AS hi,
              sum(amount)::text AS total, bool_and(label = 'row ' || id || E'\\tx') AS labels FROM tgt.big`,
    );
    // sum of id + 0.25 over ids 1..TOTAL
    const expectedTotal = (BigInt(TOTAL) * BigInt(TOTAL + 1)) / 2n + BigInt(TOTAL / 4);
    expect(check.rows[0]).toEqual({
      n: TOTAL,
      ids: TOTAL,
      lo: 1,
      hi: TOTAL,
      total: `${expectedTotal}.00`,
      labels: true,
    });
  });
});
