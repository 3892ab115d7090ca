import { choose, failure, runBinWatched, testDatabase, writeJsonTemp } from '@pgsinger/testkit';
import { bigTableSql, configFile, type OutputMessage, parseOutput, selectedCatalog, tap } from './helpers';

// The tap's backends terminated mid-run (pg_terminate_backend, as a server restart does): a known error — exit 1, one
// CRITICAL line naming the server and the fix, no stack trace — and every STATE printed before stays correct.
const db = testDatabase({ prefix: 'tap_conn_loss' });
const ROWS = 100_000;
/** Enough rows that the tap still reads when its backend is terminated (its stdout writes may be buffered). */
const BIG_ROWS = 1_000_000;

beforeAll(async () => {
  await db.query(`${bigTableSql(BIG_ROWS)} CREATE TABLE changes (id bigint PRIMARY KEY, payload text);`);
});

/** Runs the tap, stops reading its stdout at the first RECORD, terminates its backends, then reads on. */
async function terminatedRun(
  args: string[],
): Promise<{ code: number | null; stderr: string; messages: OutputMessage[] }> {
  let terminated: Promise<unknown> | undefined;
  const result = await runBinWatched('tap-postgres', args, (chunk, child) => {
    if (terminated === undefined && chunk.includes('"type":"RECORD"')) {
      child.stdout?.pause();
      terminated = db
        .query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE application_name = 'tap-postgres' AND datname = current_database() AND pid <> pg_backend_pid()`,
        )
        .then(() => child.stdout?.resume());
    }
  });
  await terminated;
  const stdout = result.stdout;
  return { code: result.code, stderr: result.stderr, messages: parseOutput(stdout.slice(0, stdout.lastIndexOf('\n'))) };
}

function expectOneLine(run: { code: number | null; stderr: string }): void {
  expect(failure(run)).toMatch(/Lost the connection to PostgreSQL at .+:\d+\/.+rerun the tap from the last state/);
}

describe('connection loss', () => {
  it('pg_terminate_backend mid FULL_TABLE: exit 1, one line, no stack; the last STATE covers only rows sent', async () => {
    const config = configFile(db, { itersize: 1000 });
    const catalog = await selectedCatalog(config, choose(['public-big'], { method: 'FULL_TABLE' }));
    const { code, stderr, messages } = await terminatedRun(['-c', config, '--catalog', catalog]);
    expect(code).toBe(1);
    expectOneLine({ code, stderr });
    const ids = messages.filter((m) => m.type === 'RECORD').map((m) => Number(m.record?.id));
    expect(ids.length).toBeLessThan(BIG_ROWS);
    const states = messages.filter((m) => m.type === 'STATE');
    const point = states[states.length - 1].value?.bookmarks['public-big']?.last_pk_fetched as
      { id: string } | undefined;
    if (point !== undefined) expect(ids).toContain(Number(point.id));
  });

  it('pg_terminate_backend mid LOG_BASED: exit 1, one line, no stack', async () => {
    const config = configFile(db, { slot_name: 'conn_loss', logical_decoding_plugin: 'pgoutput' });
    const catalog = await selectedCatalog(config, choose(['public-changes'], { method: 'LOG_BASED' }));
    const first = await tap(['-c', config, '--catalog', catalog]);
    expect(first.code).toBe(0);
    const state = parseOutput(first.stdout)
      .filter((m) => m.type === 'STATE')
      .pop()?.value;
    const lsn = state?.bookmarks['public-changes']?.lsn;
    await db.query(`INSERT INTO changes SELECT g, md5(g::text) FROM generate_series(1, ${ROWS}) g`);
    const stateFile = writeJsonTemp(state, 'state');
    const { code, stderr, messages } = await terminatedRun(['-c', config, '--catalog', catalog, '--state', stateFile]);
    expect(code).toBe(1);
    expectOneLine({ code, stderr });
    for (const m of messages.filter((message) => message.type === 'STATE'))
      expect(BigInt(String(m.value?.bookmarks['public-changes']?.lsn ?? 0)) >= BigInt(String(lsn ?? 0))).toBe(true);
  });
});
