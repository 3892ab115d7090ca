import {
  createTestDatabase,
  selectStreams,
  startLocalPostgres,
  writeJsonTemp,
  type LocalPgServer,
  type PythonVenv,
  type TestDatabase,
} from '@pgsinger/testkit';
import { textDifferences } from '../support/compare-tables';
import {
  expectSuccess,
  load,
  messages,
  pipe,
  pipelinewiseCatalog,
  pipelinewiseVenv,
  runSide,
  tapConfig,
  targetConfig,
  type Side,
} from '../support/pipelinewise';

// pipelinewise's FULL_TABLE reads in `xmin::text` order and bookmarks the last row's xmin. On a table whose rows were
// written by transactions 970..1029 (any power of ten works alike), "1000".."1029" come first: interrupted there, its
// resume (age(xmin) <= age(bookmark)) never sends the rows of 970..999. Resumed by our tap, no row is lost.
jest.setTimeout(600_000);

const BATCHES = 60;
const PER_BATCH = 100;
const ROWS = BATCHES * PER_BATCH;
let server: LocalPgServer;
let db: TestDatabase;
let venv: PythonVenv;
let catalog: string;
let powerOfTen: number;
let interrupted: { lines: string; state: unknown };

beforeAll(async () => {
  venv = await pipelinewiseVenv();
  // A cluster of its own: the transaction ids of the shared one move with every other test.
  server = await startLocalPostgres();
  db = await createTestDatabase(server, { prefix: 'e2e_pw_xmin' });
  await db.query(`CREATE TABLE public.rows (id integer PRIMARY KEY, batch integer, payload text);
    CREATE PROCEDURE burn_xids(until bigint) LANGUAGE plpgsql AS $$
      BEGIN WHILE txid_current() < until LOOP COMMIT; END LOOP; END $$;
    CREATE PROCEDURE fill(batches integer, per integer) LANGUAGE plpgsql AS $$
      BEGIN FOR b IN 0 .. batches - 1 LOOP
        INSERT INTO public.rows SELECT b * per + g, b, 'row ' || (b * per + g) || E' \\\\ "q"' FROM generate_series(1, per) g;
        COMMIT;
      END LOOP; END $$;`);
  const { rows } = await db.query<{ xid: string }>('SELECT txid_current()::text AS xid');
  powerOfTen = 10 ** Math.ceil(Math.log10(Number(rows[0].xid) + BATCHES));
  await db.query(`CALL burn_xids(${powerOfTen - BATCHES / 2 - 1})`);
  await db.query(`CALL fill(${BATCHES}, ${PER_BATCH})`);
  const span = await db.query<{ low: string; high: string }>(
    'SELECT min(xmin::text::bigint)::text AS low, max(xmin::text::bigint)::text AS high FROM public.rows',
  );
  expect(Number(span.rows[0].low)).toBeLessThan(powerOfTen);
  expect(Number(span.rows[0].high)).toBeGreaterThanOrEqual(powerOfTen);

  const discovered = await pipelinewiseCatalog(venv, tapConfig(db));
  catalog = writeJsonTemp(selectStreams(discovered, { 'public-rows': { method: 'FULL_TABLE' } }), 'catalog');
  // pipelinewise's tap, stopped after its first checkpoint (a STATE every 1,000 rows): what its target committed.
  const full = await runSide(venv, 'pipelinewise', 'tap-postgres', ['--config', tapConfig(db), '--catalog', catalog]);
  expect(full.code).toBe(0);
  const lines = full.stdout.split('\n');
  const checkpoint = lines.findIndex(
    (line, i) => i > 0 && line.includes('"xmin": ') && lines[i - 1].includes('RECORD'),
  );
  interrupted = { lines: `${lines.slice(0, checkpoint + 1).join('\n')}\n`, state: undefined };
});

afterAll(async () => {
  await db?.drop();
  await server?.stop();
});

/** The interrupted run loaded by `side`'s target into `schema`; returns the state that target printed. */
async function interruptedRun(side: Side, schema: string): Promise<unknown> {
  const loaded = await load(venv, side, targetConfig(db, schema), interrupted.lines);
  expect(loaded.target.code).toBe(0);
  const bookmark = (loaded.state as { bookmarks: Record<string, { xmin?: number }> }).bookmarks['public-rows'];
  expect(bookmark.xmin).toBeGreaterThanOrEqual(powerOfTen);
  return loaded.state;
}

describe("resuming pipelinewise's interrupted FULL_TABLE across a power of ten of transaction ids", () => {
  test('pipelinewise itself loses the rows of the older transactions (the case is real)', async () => {
    const state = await interruptedRun('pipelinewise', 'pw_self');
    const resumed = await runSide(venv, 'pipelinewise', 'tap-postgres', [
      '--config',
      tapConfig(db),
      '--catalog',
      catalog,
      '--state',
      writeJsonTemp(state, 'state'),
    ]);
    expect(resumed.code).toBe(0);
    const ids = new Set(
      [...messages(interrupted.lines), ...messages(resumed.stdout)]
        .filter((m) => m.type === 'RECORD')
        .map((m) => m.record?.id),
    );
    expect(ROWS - ids.size).toBe((BATCHES / 2) * PER_BATCH);
  });

  test.each<[string, Side, Side]>([
    ['our tap | our target (swap both)', 'pipelinewise', 'ours'],
    ["our tap | pipelinewise's target (swap the tap)", 'pipelinewise', 'pipelinewise'],
  ])('%s: every row, under the same version', async (_name, before, target) => {
    const schema = target === 'ours' ? 'ours_both' : 'ours_tap';
    const state = await interruptedRun(before, schema);
    const version = (state as { bookmarks: Record<string, { version: number }> }).bookmarks['public-rows'].version;
    const result = expectSuccess(
      await pipe(
        venv,
        {
          side: 'ours',
          args: ['--config', tapConfig(db), '--catalog', catalog, '--state', writeJsonTemp(state, 'state')],
        },
        { side: target, args: ['--config', targetConfig(db, schema)] },
      ),
      'resume',
    );
    expect(result.tap.stderr).toMatch(/cannot be resumed without losing rows; copying the whole table again/);
    const records = messages(result.tap.stdout).filter((m) => m.type === 'RECORD');
    expect(records).toHaveLength(ROWS);
    expect(records.every((m) => (m as { version?: number }).version === version)).toBe(true);
    expect(await textDifferences(db, { schema: 'public', table: 'rows' }, { schema, table: 'rows' }, 'id')).toEqual({});
  });

  test('LOG_BASED: an initial copy pipelinewise left (lsn + xmin) is copied again, then changes stream', async () => {
    await db.query(`SELECT pg_create_logical_replication_slot('pipelinewise_${db.name}', 'wal2json')`);
    const logCatalog = writeJsonTemp(
      selectStreams(await pipelinewiseCatalog(venv, tapConfig(db)), { 'public-rows': { method: 'LOG_BASED' } }),
      'catalog',
    );
    const full = await runSide(venv, 'pipelinewise', 'tap-postgres', [
      '--config',
      tapConfig(db),
      '--catalog',
      logCatalog,
    ]);
    expect(full.code).toBe(0);
    const lines = full.stdout.split('\n');
    const checkpoint = lines.findIndex(
      (line, i) => i > 0 && line.includes('"xmin": ') && lines[i - 1].includes('RECORD'),
    );
    const loaded = await load(
      venv,
      'pipelinewise',
      targetConfig(db, 'log_both'),
      `${lines.slice(0, checkpoint + 1).join('\n')}\n`,
    );
    const bookmark = (loaded.state as { bookmarks: Record<string, { xmin?: number; lsn?: number }> }).bookmarks[
      'public-rows'
    ];
    expect(bookmark.xmin).toBeGreaterThanOrEqual(powerOfTen);
    expect(bookmark.lsn).toEqual(expect.any(Number));
    await db.query(`UPDATE public.rows SET payload = 'changed after the interruption' WHERE id % 1000 = 1;
      DELETE FROM public.rows WHERE id = 7`);
    const result = expectSuccess(
      await pipe(
        venv,
        {
          side: 'ours',
          args: ['--config', tapConfig(db), '--catalog', logCatalog, '--state', writeJsonTemp(loaded.state, 'state')],
        },
        { side: 'ours', args: ['--config', targetConfig(db, 'log_both', { hard_delete: true })] },
      ),
      'LOG_BASED resume',
    );
    expect(result.tap.stderr).toMatch(/cannot be resumed without losing rows; copying the whole table again/);
    expect(
      await textDifferences(db, { schema: 'public', table: 'rows' }, { schema: 'log_both', table: 'rows' }, 'id'),
    ).toEqual({});
  });
});
