import { testDatabase } from '@pgsinger/testkit';
import { prepareMeltanoProject, type MeltanoProject, type ProcessResult } from '../support/meltano-project';

// examples/ under real Meltano (pinned in test/support/meltano-project.ts), the plugins installed by `meltano install`
// from the wheels this checkout builds, with a PATH that has no node: discovery, selection, two runs with changes in
// between (FULL_TABLE, INCREMENTAL and LOG_BASED as examples/meltano.yml sets them), Meltano's state backend, and
// Meltano parsing our structured log lines. Connection settings come from Meltano's environment variables.
jest.setTimeout(600_000);

const shop = testDatabase({ prefix: 'meltano_shop' });
const warehouse = testDatabase({ prefix: 'meltano_warehouse' });
let project: MeltanoProject;
const seconds: Record<string, number> = {};

const settingsEnv = (): NodeJS.ProcessEnv => {
  const source = shop.settings;
  const target = warehouse.settings;
  return {
    TAP_POSTGRES_HOST: source.host,
    TAP_POSTGRES_PORT: String(source.port),
    TAP_POSTGRES_USER: source.user,
    TAP_POSTGRES_PASSWORD: source.password ?? '',
    TAP_POSTGRES_DBNAME: shop.name,
    TARGET_POSTGRES_HOST: target.host,
    TARGET_POSTGRES_PORT: String(target.port),
    TARGET_POSTGRES_USER: target.user,
    TARGET_POSTGRES_PASSWORD: target.password ?? '',
    TARGET_POSTGRES_DBNAME: warehouse.name,
  };
};

/** Runs meltano, records its time, and fails with its output when the exit code is not the expected one. */
const meltano = async (label: string, args: string[], expectedCode = 0): Promise<ProcessResult> => {
  const result = await project.meltano(args, settingsEnv());
  seconds[label] = result.seconds;
  if (result.code !== expectedCode)
    throw new Error(`meltano ${args.join(' ')} exited ${result.code}:\n${result.output}`);
  return result;
};

const COLUMNS = {
  customers: ['id', 'name', 'email', 'balance', 'created_at'],
  orders: ['id', 'customer_id', 'total', 'status', 'updated_at'],
  events: ['id', 'kind', 'payload', 'occurred_at'],
} as const;

/** Rows as text (`::text` on every column, both sides), ordered by id. */
const rowsAsText = async (
  db: typeof shop,
  table: keyof typeof COLUMNS,
  where = 'true',
): Promise<Record<string, string | null>[]> => {
  const list = COLUMNS[table].map((column) => `${column}::text AS ${column}`).join(', ');
  return (await db.query<Record<string, string | null>>(`SELECT ${list} FROM ${table} WHERE ${where} ORDER BY id`))
    .rows;
};

const warehouseRows = (table: keyof typeof COLUMNS, where = 'true') =>
  rowsAsText(
    {
      ...warehouse,
      query: (sql, params) => warehouse.query(sql.replace(` FROM ${table} `, ` FROM shop.${table} `), params),
    } as typeof shop,
    table,
    where,
  );

interface SingerState {
  singer_state: { bookmarks: Record<string, Record<string, unknown>> };
}

const STATE_ID = 'dev:tap-postgres-to-target-postgres'; // environment:extractor-to-loader, what the README names

const stateOf = async (): Promise<SingerState> => {
  const list = await meltano('state list', ['state', 'list']);
  expect(list.stdout.split('\n').map((line) => line.trim())).toContain(STATE_ID);
  const got = await meltano('state get', ['state', 'get', STATE_ID]);
  return JSON.parse(got.stdout) as SingerState;
};

beforeAll(async () => {
  const started = Date.now();
  project = await prepareMeltanoProject();
  seconds['venv + wheels'] = (Date.now() - started) / 1000;
  await shop.query(`
    CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, email text, internal_notes text,
                            balance numeric(12,2), created_at timestamptz NOT NULL);
    CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL, total numeric(12,2) NOT NULL,
                         status text NOT NULL, updated_at timestamptz NOT NULL);
    CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL, payload jsonb, occurred_at timestamptz NOT NULL);
    INSERT INTO customers SELECT i, 'Customer ' || i, 'c' || i || '@example.com', 'private ' || i, i * 1.5,
                                 '2026-01-01 00:00:00.123456+00'::timestamptz + i * interval '1 hour'
                            FROM generate_series(1, 20) i;
    INSERT INTO orders SELECT i, 1 + i % 20, i * 10.05, 'new',
                              '2026-02-01 00:00:00.000001+00'::timestamptz + i * interval '1 minute'
                         FROM generate_series(1, 30) i;
    INSERT INTO events SELECT i, 'click', jsonb_build_object('n', i, 'tags', jsonb_build_array('a', 'b')),
                              '2026-03-01 00:00:00+00'::timestamptz + i * interval '1 second'
                         FROM generate_series(1, 25) i;`);
}, 900_000);

afterAll(() => {
  const timings = Object.entries(seconds).map(([label, value]) => `${label} ${value.toFixed(1)} s`);
  process.stderr.write(`meltano-pipeline timings: ${timings.join(', ')}\n`);
});

test('meltano install installs both plugins from the wheels with no node on PATH', async () => {
  const which = await project.run('/bin/sh', ['-c', 'command -v node || echo "no node"']);
  expect(which.stdout.trim()).toBe('no node');
  const install = await meltano('install', ['install']);
  expect(install.output).toContain('Installed 2/2 plugins');
  const version = await project.run(project.pluginExecutable('extractors', 'tap-postgres'), ['--version']);
  expect(version).toMatchObject({ code: 0, stdout: expect.stringMatching(/^tap-postgres v\d+\.\d+\.\d+\n$/) });
});

test('meltano config test tap-postgres connects', async () => {
  const result = await meltano('config test', ['config', 'test', 'tap-postgres']);
  expect(result.output).toContain('Plugin configuration is valid');
});

test('meltano invoke tap-postgres --discover prints the catalog of the three tables', async () => {
  const result = await meltano('invoke --discover', ['invoke', 'tap-postgres', '--discover']);
  const catalog = JSON.parse(result.stdout) as { streams: { tap_stream_id: string }[] };
  expect(catalog.streams.map((stream) => stream.tap_stream_id).sort()).toEqual([
    'public-customers',
    'public-events',
    'public-orders',
  ]);
});

test('meltano select tap-postgres --list --all shows the selection of meltano.yml', async () => {
  const result = await meltano('select --list', ['select', 'tap-postgres', '--list', '--all']);
  expect(result.stdout).toMatch(/\[selected\s*\] public-customers\.email/);
  expect(result.stdout).toMatch(/\[excluded\s*\] public-customers\.internal_notes/);
  expect(result.stdout).toMatch(/\[(selected|automatic)\s*\] public-orders\.updated_at/);
  expect(result.stdout).toMatch(/\[(selected|automatic)\s*\] public-events\.id/);
});

test('meltano run twice: the warehouse matches the source, Meltano keeps our bookmarks, and parses our logs', async () => {
  await meltano('run 1', ['run', 'tap-postgres', 'target-postgres']);
  for (const table of ['customers', 'orders', 'events'] as const) {
    expect(await warehouseRows(table)).toEqual(await rowsAsText(shop, table));
  }
  const notes = await warehouse.query(
    "SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'shop' AND column_name = 'internal_notes'",
  );
  expect(notes.rows[0]?.n).toBe(0);
  const first = (await stateOf()).singer_state.bookmarks;
  expect(first['public-customers']).toMatchObject({ last_replication_method: 'FULL_TABLE' });
  expect(first['public-orders']).toMatchObject({
    replication_key: 'updated_at',
    last_replication_method: 'INCREMENTAL',
  });
  expect(first['public-events']).toMatchObject({ last_replication_method: 'LOG_BASED', lsn: expect.any(Number) });

  await shop.query(`
    INSERT INTO customers VALUES (21, 'Customer 21', NULL, 'x', 0.10, '2026-04-01 12:00:00+00');
    UPDATE customers SET name = 'Renamed', balance = 10.10 WHERE id = 3;
    DELETE FROM customers WHERE id = 5;
    INSERT INTO orders VALUES (31, 4, 99.90, 'new', '2026-05-01 00:00:00.5+00');
    UPDATE orders SET status = 'shipped', updated_at = '2026-05-02 00:00:00+00' WHERE id = 2;
    DELETE FROM orders WHERE id = 7;
    INSERT INTO events VALUES (26, 'view', '{"n": 26}', '2026-06-01 00:00:00+00');
    UPDATE events SET payload = '{"n": 4, "changed": true}' WHERE id = 4;
    DELETE FROM events WHERE id = 9;`);
  const second = await meltano('run 2 (--log-format json)', [
    '--log-format',
    'json',
    'run',
    'tap-postgres',
    'target-postgres',
  ]);

  // FULL_TABLE with activate_version hard: an exact copy. INCREMENTAL: new and updated rows; the deleted row stays
  // (no query sees a delete). LOG_BASED: every change; the deleted row is marked with _sdc_deleted_at.
  expect(await warehouseRows('customers')).toEqual(await rowsAsText(shop, 'customers'));
  expect(await warehouseRows('orders', 'id <> 7')).toEqual(await rowsAsText(shop, 'orders'));
  expect((await warehouseRows('orders', 'id = 7')).map((row) => row.status)).toEqual(['new']);
  expect(await warehouseRows('events', '_sdc_deleted_at IS NULL')).toEqual(await rowsAsText(shop, 'events'));
  expect((await warehouseRows('events', '_sdc_deleted_at IS NOT NULL')).map((row) => row.id)).toEqual(['9']);

  const next = (await stateOf()).singer_state.bookmarks;
  expect(next['public-orders']?.replication_key_value).toMatch(/^2026-05-02T00:00:00(\.0+)?\+00:00$/);
  expect(Number(next['public-events']?.lsn)).toBeGreaterThan(Number(first['public-events']?.lsn));

  // Meltano's JSON output: our lines parsed into fields (level, message, plugin logger, metric), never raw JSON text.
  const events = second.output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const ours = events.filter(
    (event) => event.plugin_logger === 'tap-postgres' || event.plugin_logger === 'target-postgres',
  );
  expect(ours.find((event) => String(event.event).startsWith('synced public-customers'))).toMatchObject({
    level: 'info',
    plugin_logger: 'tap-postgres',
    stream_name: 'public-customers',
  });
  expect(
    ours.some(
      (event) => event.event === 'METRIC' && (event.metric_info as { metric?: string })?.metric === 'record_count',
    ),
  ).toBe(true);
  expect(events.filter((event) => String(event.event).startsWith('{"level"'))).toEqual([]);
});
