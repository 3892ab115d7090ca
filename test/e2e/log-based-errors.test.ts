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

// LOG_BASED setup errors end the tap with exit 1 and one CRITICAL line naming the problem and the fix. A small
// cluster of its own (wal_level=replica first, then logical with a tiny max_slot_wal_keep_size): no shared settings.
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

describe('LOG_BASED errors: one clear line each', () => {
  beforeAll(async () => {
    // One after the other: two starts at once may pick the same free port.
    replica = await startLocalPostgres({ serverConfig: { wal_level: 'replica' } });
    server = await startLocalPostgres({ serverConfig: { wal_level: 'logical', max_slot_wal_keep_size: '1MB' } });
    await createDatabase('walcheck', replica);
    for (const name of ['noplugin', 'norepl', 'lost']) await createDatabase(name);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([server?.stop(), replica?.stop()]);
  });

  test('wal_level is not logical', async () => {
    const result = await runTap('walcheck', {}, replica);
    expect(result.code).toBe(1);
    expect(failure(result)).toMatch(/wal_level is replica.*wal_level = logical/);
  });

  test('the plugin is missing, the role may not replicate, the slot is lost', async () => {
    await server.adminQuery("ALTER DATABASE noplugin SET dynamic_library_path = '/nonexistent'");
    const plugin = await runTap('noplugin');
    expect(plugin.code).toBe(1);
    expect(failure(plugin)).toMatch(/plugin wal2json is not installed.*apt-get install postgresql-<major>-wal2json/);

    await server.adminQuery("CREATE ROLE tap_norepl LOGIN PASSWORD 'norepl-secret'");
    await server.adminQuery('GRANT ALL ON DATABASE norepl TO tap_norepl');
    const pg = await import('pg');
    const owner = new pg.Client({ ...server.settings('norepl'), database: 'norepl' });
    await owner.connect();
    await owner.query('GRANT USAGE ON SCHEMA src TO tap_norepl; GRANT SELECT ON src.t TO tap_norepl');
    await owner.end();
    const privilege = await runTap('norepl', { user: 'tap_norepl', password: 'norepl-secret' });
    expect(privilege.code).toBe(1);
    expect(failure(privilege)).toMatch(/no REPLICATION privilege.*ALTER ROLE <user> REPLICATION/);

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
    expect(gone.code).toBe(1);
    expect(failure(gone)).toMatch(/slot err_lost is lost.*resync/);
  }, 120_000);
});
