import { atOutput, failure, runBinWatched, writeJsonTemp, type BinResult } from '@pgsinger/testkit';
import { schemaMsg, singer, state, targetHarness } from './harness';

const h = targetHarness('tgt_connlost');

const TOTAL = 200_000;

function tapOutput(after: number): string {
  let out = singer([schemaMsg('public-big', { id: { type: 'integer' }, label: { type: ['null', 'string'] } })]);
  for (let id = after + 1; id <= TOTAL; id++) {
    out += `{"type":"RECORD","stream":"public-big","record":{"id":${id},"label":"row ${id}"}}\n`;
    if (id % 5000 === 0) out += `${JSON.stringify(state({ bookmarks: { 'public-big': { id } } }))}\n`;
  }
  return out;
}

/** Runs the target; once it printed a state, terminates its server sessions (as pg_terminate_backend or a restart). */
function runAndTerminate(input: string, config: string): Promise<BinResult> {
  const terminate = (): void =>
    void h.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'target-postgres' AND pid <> pg_backend_pid()`,
    );
  return runBinWatched('target-postgres', ['--config', config], atOutput('\n', terminate), { input });
}

describe('connection-lost: the server ends the target session during a load', () => {
  it('exits 1 with one CRITICAL line naming the server and the fix, no stack; a rerun from the state completes', async () => {
    await h.reset();
    const config = writeJsonTemp(h.config({ batch_size_rows: 10_000 }), 'connlost');
    const run = await runAndTerminate(tapOutput(0), config);
    expect(run.code).toBe(1);
    const critical = failure(run);
    expect(critical).toContain(`${String(h.db.settings.host)}:`);
    expect(critical).toContain('connection lost during a load');
    expect(critical).toContain('rerun from the last printed state');

    const printed = run.stdout.split('\n').filter((l) => l !== '');
    const last = JSON.parse(printed.at(-1)!) as { bookmarks: { 'public-big': { id: number } } };
    const after = last.bookmarks['public-big'].id;
    const loaded = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tgt.big WHERE id <= $1', [after]);
    expect(loaded.rows[0]!.n).toBe(after);

    const rerun = await h.run(tapOutput(after), { batch_size_rows: 10_000 });
    expect(rerun.code).toBe(0);
    const check = await h.db.query('SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM tgt.big');
    expect(check.rows[0]).toEqual({ n: TOTAL, ids: TOTAL });
  }, 120_000);
});
