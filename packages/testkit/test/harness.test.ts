import { assertWal2json, createTestDatabase, SERVER_ENV, sharedPostgres, testDatabase } from '@pgsinger/testkit';
import type { PgServer } from '@pgsinger/testkit';

describe('the shared test server', () => {
  const db = testDatabase({ prefix: 'testkit_harness' });
  let server: PgServer;

  beforeAll(async () => {
    server = await sharedPostgres();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('comes from the global setup', () => {
    expect(process.env[SERVER_ENV]).toBeDefined();
    expect(['env', 'local', 'container']).toContain(server.kind);
  });

  it('can create a wal2json slot', async () => {
    await expect(assertWal2json(server)).resolves.toBeUndefined();
    const { rows } = await db.query<{ wal_level: string }>("SELECT current_setting('wal_level') AS wal_level");
    expect(rows[0]?.wal_level).toBe('logical');
  });

  it('decodes a change with wal2json format-version 2 in the test database', async () => {
    await db.query('CREATE TABLE items (id int PRIMARY KEY, name text)');
    await db.query("SELECT pg_create_logical_replication_slot('testkit_slot', 'wal2json')");
    await db.query("INSERT INTO items VALUES (1, 'one')");
    const { rows } = await db.query<{ data: string }>(
      "SELECT data FROM pg_logical_slot_get_changes('testkit_slot', NULL, NULL, 'format-version', '2')",
    );
    const actions = rows.map((row) => (JSON.parse(row.data) as { action: string }).action);
    expect(actions).toEqual(['B', 'I', 'C']);
    // The slot stays: drop() of the test database must remove it.
  });

  it('gives each caller its own database and drops it with its slots', async () => {
    const other = await createTestDatabase(server, { prefix: 'testkit other' });
    expect(other.name).not.toBe(db.name);
    expect(other.name).toMatch(/^testkit_other_\d+_[0-9a-f]{8}$/);
    await other.query("SELECT pg_create_logical_replication_slot('testkit_other_slot', 'wal2json')");
    await other.drop();
    const left = await server.adminQuery(
      'SELECT (SELECT count(*) FROM pg_database WHERE datname = $1)::int AS dbs, ' +
        "(SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'testkit_other_slot')::int AS slots",
      [other.name],
    );
    expect(left.rows[0]).toEqual({ dbs: 0, slots: 0 });
  });

  it('hands out settings in the CLI config shape', () => {
    expect(db.settings).toMatchObject({ host: server.host, port: server.port, user: server.user, dbname: db.name });
    expect(db.url).toMatch(new RegExp(`^postgres://.*@.*:${server.port}/${db.name}$`));
  });
});
