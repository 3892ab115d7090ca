import {
  type BinResult,
  discoverCatalog,
  failure,
  type LocalPgServer,
  runBin,
  selectStreams,
  startLocalPostgres,
  writeJsonTemp,
} from '@pgsinger/testkit';

// LOG_BASED setup errors fail the LOG_BASED streams: one ERROR line naming the problem and the fix (PostgreSQL's HINT
// when it sent one), then the run's CRITICAL summary and exit 3 (the other methods' streams would have been synced).
// A small cluster of its own (wal_level=replica first, then logical with a tiny max_slot_wal_keep_size): no shared
// settings.
let server: LocalPgServer;
let replica: LocalPgServer;

async function runTap(
  dbname: string,
  extra: Record<string, unknown> = {},
  on: LocalPgServer = server,
): Promise<BinResult> {
  const settings = { ...on.settings(dbname), ...extra };
  const config = writeJsonTemp({ ...settings, filter_schemas: 'src', slot_name: `err_${dbname}` }, 'tap-config');
  const catalog = writeJsonTemp(
    selectStreams(await discoverCatalog(config), { 'src-t': { method: 'LOG_BASED' } }),
    'catalog',
  );
  return runBin('tap-postgres', ['--config', config, '--catalog', catalog]);
}

async function createDatabase(name: string, on: LocalPgServer = server): Promise<void> {
  await on.adminQuery(`CREATE DATABASE ${name}`);
  const pg = await import('pg');
  const client = new pg.Client({ ...on.settings(name), database: name });
  await client.connect();
  await client.query(
    'CREATE SCHEMA src; CREATE TABLE src.t (id int PRIMARY KEY, v text); INSERT INTO src.t VALUES (1, 2)',
  );
  await client.end();
}

/** The LOG_BASED stream failed with one ERROR line matching `problem`; the run ends with its summary, exit 3. */
function expectStreamFailure(result: BinResult, problem: RegExp): void {
  const errors = result.stderr.split('\n').filter((line) => line.startsWith('ERROR'));
  expect(errors).toEqual([expect.stringMatching(problem)]);
  expect(errors[0]).toMatch(/^ERROR stream src-t failed/);
  expect(errors[0]).not.toMatch(/server log/);
  expect(failure(result)).toMatch(/^CRITICAL 1 of 1 streams failed: src-t/);
  expect(result.code).toBe(3);
}

describe('LOG_BASED errors: one clear line each', () => {
  beforeAll(async () => {
    // One after the other: two starts at once may pick the same free port.
    replica = await startLocalPostgres({ serverConfig: { wal_level: 'replica' } });
    server = await startLocalPostgres({ serverConfig: { wal_level: 'logical', max_slot_wal_keep_size: '1MB' } });
    await createDatabase('walcheck', replica);
    for (const name of ['noplugin', 'norepl', 'lost', 'noslots']) await createDatabase(name);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([server?.stop(), replica?.stop()]);
  });

  test('wal_level is not logical', async () => {
    const result = await runTap('walcheck', {}, replica);
    expectStreamFailure(result, /wal_level is replica.*wal_level = logical/);
  });

  test('the plugin is missing, the role may not replicate, the slot is lost', async () => {
    await server.adminQuery("ALTER DATABASE noplugin SET dynamic_library_path = '/nonexistent'");
    const plugin = await runTap('noplugin');
    expectStreamFailure(plugin, /plugin wal2json is not installed.*apt-get install postgresql-<major>-wal2json/);

    await server.adminQuery("CREATE ROLE tap_norepl LOGIN PASSWORD 'norepl-secret'");
    await server.adminQuery('GRANT ALL ON DATABASE norepl TO tap_norepl');
    const pg = await import('pg');
    const owner = new pg.Client({ ...server.settings('norepl'), database: 'norepl' });
    await owner.connect();
    await owner.query('GRANT USAGE ON SCHEMA src TO tap_norepl; GRANT SELECT ON src.t TO tap_norepl');
    await owner.end();
    const privilege = await runTap('norepl', { user: 'tap_norepl', password: 'norepl-secret' });
    expectStreamFailure(privilege, /no REPLICATION privilege.*ALTER ROLE <user> REPLICATION/);

    expect((await runTap('lost')).code).toBe(0);
    const lost = new pg.Client({ ...server.settings('lost'), database: 'lost' });
    await lost.connect();
    for (let i = 0; i < 20; i += 1) {
      const status = await lost.query<{ wal_status: string }>(
        "SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'err_lost'",
      );
      if (status.rows[0]?.wal_status === 'lost') break;
      await lost.query(
        "INSERT INTO src.t SELECT g, 'x' FROM generate_series(100 * $1::int + 10, 100 * $1::int + 20) g",
        [i],
      );
      await lost.query('SELECT pg_switch_wal()');
      await lost.query('CHECKPOINT');
    }
    await lost.end();
    const gone = await runTap('lost');
    expectStreamFailure(gone, /slot err_lost is lost.*resync/);
  }, 120_000);

  test("no free replication slot: the ERROR line carries PostgreSQL's HINT", async () => {
    const free = await server.adminQuery<{ n: number }>(
      "SELECT current_setting('max_replication_slots')::int - count(*)::int AS n FROM pg_replication_slots",
    );
    const fillers = Array.from({ length: free.rows[0].n }, (_, i) => `filler_${i}`);
    for (const name of fillers) await server.adminQuery('SELECT pg_create_physical_replication_slot($1)', [name]);
    try {
      const full = await runTap('noslots');
      expectStreamFailure(
        full,
        /PostgreSQL error 53400: all replication slots are in use — Free one or increase max_replication_slots\./,
      );
    } finally {
      for (const name of fillers) await server.adminQuery('SELECT pg_drop_replication_slot($1)', [name]);
    }
  }, 60_000);
});
