import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createPostgis,
  destinations,
  discoverCatalog,
  logBasedCatalog,
  runDestination,
  runPipeline,
  selectStreams,
  testDatabase,
  writeJsonTemp,
  type TestDatabase,
} from '@pgsinger/testkit';
import { everyTypeTableSql, TYPE_SETUP } from '../fixtures/type-cases';

// tap-postgres | target-postgres of two tables holding every type (the tap's type table and all-types.sql), by
// FULL_TABLE, INCREMENTAL, XMIN and LOG_BASED with wal2json and pgoutput (inserts, updates, an update that leaves a
// TOASTed value unchanged, deletes), compared with the source inside PostgreSQL by text: `::text` of both sides,
// with extra_float_digits = 3, so that 1.50 and 1.5, -0 and 0, JSON null and SQL NULL all count as different.
const db = testDatabase({ prefix: 'e2e_types' });
/** A destination database without the source's enums, composites and PostGIS (hstore, citext, ltree only). */
const bare = testDatabase({ prefix: 'e2e_types_bare' });
const fixture = readFileSync(path.join(__dirname, '..', 'fixtures', 'all-types.sql'), 'utf8');
const TABLES = ['every_type', 'all_types'] as const;
const NON_FINITE = `('NaN', 'Infinity', '-Infinity')`;

/** Rows of a query run after `SET extra_float_digits = 3` on the same connection. */
async function textRows<R>(database: TestDatabase, sql: string): Promise<R[]> {
  const results = (await database.query(`SET extra_float_digits = 3; ${sql}`)) as unknown as { rows: R[] }[];
  return results[results.length - 1].rows;
}

interface Column {
  name: string;
  type: string;
}

/** The columns of a table with their types as format_type prints them (domains as their base type). */
async function columnsOf(database: TestDatabase, table: string): Promise<Column[]> {
  const result = await database.query<Column>(
    `SELECT a.attname AS name,
            CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod)
                 ELSE format_type(a.atttypid, a.atttypmod) END AS type
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [table],
  );
  return result.rows;
}

const discovered = new Map<string, Map<string, string>>();

/** The tap's sql-datatype of each column of a `src` table (domains as their base types): what the target creates. */
async function sqlDatatypes(table: string): Promise<Map<string, string>> {
  const known = discovered.get(table);
  if (known !== undefined) return known;
  const catalog = await discoverCatalog(writeJsonTemp({ ...db.settings, filter_schemas: 'src' }, 'tap-config'));
  const entry = catalog.streams.find((s) => s.tap_stream_id === `src-${table}`);
  const types = new Map<string, string>();
  for (const m of entry?.metadata ?? []) {
    if (m.breadcrumb.length === 2) types.set(String(m.breadcrumb[1]), String(m.metadata['sql-datatype']));
  }
  discovered.set(table, types);
  return types;
}

/**
 * Per column, the ids of rows whose `::text` differs between source and destination (both in `db`), or that exist on
 * one side only; and columns whose destination type is not the tap's sql-datatype.
 */
async function textDifferences(table: string, destination: string): Promise<Record<string, number[]>> {
  const wanted = await sqlDatatypes(table);
  const actual = new Map((await columnsOf(db, destination)).map((c) => [c.name, c.type]));
  const out: Record<string, number[]> = {};
  for (const [name, type] of wanted) {
    if (actual.get(name) !== type) out[`${name}: ${String(actual.get(name))}, not ${type}`] = [];
    const rows = await textRows<{ id: number }>(
      db,
      `SELECT coalesce(s.id, d.id) AS id FROM src.${table} s FULL JOIN ${destination} d USING (id)
        WHERE s.id IS NULL OR d.id IS NULL OR s."${name}"::text IS DISTINCT FROM d."${name}"::text ORDER BY 1`,
    );
    if (rows.length > 0) out[name] = rows.map((row) => row.id);
  }
  return out;
}

/** wal2json writes NaN and ±Infinity of numeric, real and double precision columns as null: the rows that hold one. */
async function wal2jsonLosses(source: string): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const column of await columnsOf(db, source)) {
    if (!/^(numeric|real|double precision)/.test(column.type) || column.type.endsWith(']')) continue;
    const rows = await textRows<{ id: number }>(
      db,
      `SELECT id FROM ${source} WHERE "${column.name}"::text IN ${NON_FINITE} ORDER BY 1`,
    );
    if (rows.length > 0) out[column.name] = rows.map((row) => row.id);
  }
  return out;
}

/** Every row takes the values of the row with the next id (the last one the first's): an update of every value. */
async function rotate(table: string): Promise<void> {
  const names = (await columnsOf(db, table)).map((c) => `"${c.name}"`).filter((name) => name !== '"id"');
  await db.query(
    `UPDATE ${table} t SET (${names.join(', ')}) = (SELECT ${names.join(', ')} FROM ${table} n
       WHERE n.id = coalesce((SELECT min(id) FROM ${table} WHERE id > t.id), (SELECT min(id) FROM ${table})))`,
  );
}

async function runMethod(
  method: 'FULL_TABLE' | 'INCREMENTAL' | 'XMIN',
  dbname: string,
  schema: string,
  state?: string,
) {
  const tapConfig = writeJsonTemp({ ...db.settings, filter_schemas: 'src' }, 'tap-config');
  const catalog = selectStreams(await discoverCatalog(tapConfig), (id) =>
    TABLES.some((t) => id === `src-${t}`)
      ? { method, ...(method === 'INCREMENTAL' ? { replicationKey: 'id' } : {}) }
      : undefined,
  );
  const targetConfig = writeJsonTemp({ ...db.settings, dbname, default_target_schema: schema }, 'target-config');
  const result = await runPipeline({
    tapArgs: [
      '--config',
      tapConfig,
      '--catalog',
      writeJsonTemp(catalog, 'catalog'),
      ...(state ? ['--state', state] : []),
    ],
    targetArgs: ['--config', targetConfig],
  });
  expect({ tap: result.tap.code, target: result.target.code, err: result.target.stderr.slice(-1500) }).toMatchObject({
    tap: 0,
    target: 0,
  });
  expect(result.target.stderr).not.toMatch(/WARNING/);
  const states = result.target.stdout.trim().split('\n');
  return writeJsonTemp(JSON.parse(states[states.length - 1]) as unknown, 'state');
}

beforeAll(async () => {
  for (const database of [db, bare]) {
    await database.query('CREATE EXTENSION hstore; CREATE EXTENSION citext; CREATE EXTENSION ltree');
  }
  await createPostgis(db);
  await db.query('CREATE SCHEMA src');
  const setup = `${TYPE_SETUP}; ${fixture}`.replace(/CREATE EXTENSION[^;]*;/g, '');
  await db.query(`BEGIN; SET LOCAL search_path = src, public; ${setup}; ${everyTypeTableSql('every_type')}; COMMIT;`);
}, 120_000);

describe('every type, tap | target, compared by text', () => {
  it.each(['FULL_TABLE', 'INCREMENTAL', 'XMIN'] as const)('%s: every value arrives as its text', async (method) => {
    const schema = `dst_${method.toLowerCase()}`;
    const state = await runMethod(method, db.name, schema);
    for (const table of TABLES) expect(await textDifferences(table, `${schema}.${table}`)).toEqual({});
    if (method === 'FULL_TABLE') return;
    // A second run: new rows (copies under new ids), and for XMIN every row changed.
    for (const table of TABLES) {
      await db.query(`CREATE TEMP TABLE copied AS SELECT * FROM src.${table} WHERE id < 100;
        UPDATE copied SET id = id + 100 + (SELECT max(id) FROM src.${table});
        INSERT INTO src.${table} SELECT * FROM copied; DROP TABLE copied;`);
      if (method === 'XMIN') await rotate(`src.${table}`);
    }
    await runMethod(method, db.name, schema, state);
    for (const table of TABLES) expect(await textDifferences(table, `${schema}.${table}`)).toEqual({});
  });

  it('FULL_TABLE into a destination without the enums, composites and PostGIS: text and text[] columns', async () => {
    await runMethod('FULL_TABLE', bare.name, 'dst');
    for (const table of TABLES) {
      const source = [...(await sqlDatatypes(table))].map(([name, type]) => ({ name, type }));
      const destination = new Map((await columnsOf(bare, `dst.${table}`)).map((c) => [c.name, c.type]));
      const fallbacks: Record<string, string> = {};
      for (const c of source) if (destination.get(c.name) !== c.type) fallbacks[c.name] = destination.get(c.name)!;
      // The source's text, as the destination's type prints it (geometry[] separates elements by ':', text[] by ',').
      const cast = (c: Column): string => (fallbacks[c.name] === undefined ? '' : `::${fallbacks[c.name]}`);
      const list = source.map((c) => `"${c.name}"${cast(c)}::text AS "${c.name}"`).join(', ');
      const wanted = await textRows<Record<string, string>>(db, `SELECT ${list} FROM src.${table} ORDER BY id`);
      const actual = await textRows<Record<string, string>>(
        bare,
        `SELECT ${source.map((c) => `"${c.name}"::text`).join(', ')} FROM dst.${table} ORDER BY id`,
      );
      expect(actual).toEqual(wanted);
      expect(fallbacks).toEqual(
        table === 'every_type'
          ? {
              c_enum: 'text',
              c_enum_array: 'text[]',
              c_composite: 'text',
              c_composite_array: 'text[]',
              c_geometry: 'text',
              c_geometry_array: 'text[]',
            }
          : { c_enum: 'text', c_enum_array: 'text[]', c_composite: 'text' },
      );
    }
  });
});

describe('every type through LOG_BASED, each plugin, compared by text', () => {
  const dests = destinations('types').filter((dest) => dest.hardDelete);
  const LOG_TABLES = TABLES.map((table) => `lb_${table}`);
  let catalog = '';

  /** Runs every destination, then compares each table (wal2json: less the NaN and ±Infinity it writes as null). */
  async function syncAndCompare(): Promise<void> {
    for (const dest of dests) {
      await runDestination(db, dest, catalog);
      for (const table of LOG_TABLES) {
        const expected = dest.plugin === 'wal2json' ? await wal2jsonLosses(`src.${table}`) : {};
        expect({ [dest.plugin]: await textDifferences(table, `${dest.schema}.${table}`) }).toEqual({
          [dest.plugin]: expected,
        });
      }
    }
  }

  beforeAll(async () => {
    // Empty when the slots are created: every value then reaches the target through the decoders. c_toast is stored
    // out of line, so that an update of another column leaves it out of the change (unchanged TOAST).
    for (const table of TABLES) {
      await db.query(`CREATE TABLE src.lb_${table} (LIKE src.${table} INCLUDING ALL);
        ALTER TABLE src.lb_${table} ADD COLUMN c_toast text;
        ALTER TABLE src.lb_${table} ALTER COLUMN c_toast SET STORAGE EXTERNAL`);
    }
    catalog = await logBasedCatalog(
      db,
      LOG_TABLES.map((table) => `src-${table}`),
    );
    for (const dest of dests) await runDestination(db, dest, catalog);
  }, 120_000);

  it('inserts', async () => {
    for (const table of TABLES) {
      await db.query(`INSERT INTO src.lb_${table} SELECT t.*, repeat(md5(t.id::text), 200) FROM src.${table} t`);
    }
    await syncAndCompare();
  });

  it('updates of every value', async () => {
    for (const table of LOG_TABLES) await rotate(`src.${table}`);
    await syncAndCompare();
  });

  it('an update that leaves a TOASTed value out of the change', async () => {
    for (const table of LOG_TABLES) {
      // Stored out of line: each row's c_toast is a value in the table's TOAST relation.
      const toast = await db.query<{ name: string }>(
        `SELECT reltoastrelid::regclass::text AS name FROM pg_class WHERE oid = 'src.${table}'::regclass`,
      );
      const counts = await db.query<{ values: number; rows: number }>(
        `SELECT (SELECT count(DISTINCT chunk_id)::int FROM ${toast.rows[0].name}) AS values,
                (SELECT count(*)::int FROM src.${table}) AS rows`,
      );
      expect(counts.rows[0].values).toBeGreaterThanOrEqual(counts.rows[0].rows);
      await db.query(`UPDATE src.${table} SET c_text = coalesce(c_text, '') || ' changed'`);
    }
    await syncAndCompare();
  });

  it('deletes', async () => {
    for (const table of LOG_TABLES) await db.query(`DELETE FROM src.${table} WHERE id % 3 = 0`);
    await syncAndCompare();
  });
});
