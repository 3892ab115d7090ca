import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  discoverCatalog,
  runPipeline,
  selectStreams,
  testDatabase,
  writeJsonTemp,
  type StreamChoice,
} from '@pgsinger/testkit';

// A pagila-shaped database (test/fixtures/pagila-shaped.sql: an enum and domains, arrays, tsvector, bytea, triggers
// updating last_update, a composite key, a partitioned table, an inheritance parent and child, views, a materialized
// view created WITH NO DATA) synced by every method through tap | target while a writer changes it, then once more
// after the writer stopped; each destination is compared with the source by text (`::text` of every column).
const db = testDatabase({ prefix: 'e2e_pagila' });
const fixture = readFileSync(path.join(__dirname, '..', 'fixtures', 'pagila-shaped.sql'), 'utf8');
const TABLES = [
  'language',
  'actor',
  'film',
  'film_actor',
  'customer',
  'staff',
  'rental',
  'payment',
  'payment_legacy',
  'payment_legacy_2007_01',
];

/** One pipeline: a method for every table (and views where the method allows), its own slot, schema and state. */
interface Pipeline {
  readonly name: string;
  readonly method: StreamChoice['method'];
  readonly tapExtra?: Record<string, unknown>;
  /** Views (and the unpopulated materialized view) it selects too, with their view-key-properties. */
  readonly views: Readonly<Record<string, readonly string[]>>;
  /** Deletes reach the destination (FULL_TABLE by a new version, LOG_BASED by hard_delete). */
  readonly seesDeletes: boolean;
  state?: string;
}

const PIPELINES: Pipeline[] = [
  {
    name: 'full_table',
    method: 'FULL_TABLE',
    views: { film_list: ['fid'], actor_info: ['actor_id'], rental_by_category: [] },
    seesDeletes: true,
  },
  { name: 'incremental', method: 'INCREMENTAL', views: { film_list: ['fid'] }, seesDeletes: false },
  { name: 'xmin', method: 'XMIN', views: { rental_by_category: [] }, seesDeletes: false },
  {
    name: 'wal2json',
    method: 'LOG_BASED',
    tapExtra: { logical_decoding_plugin: 'wal2json' },
    views: {},
    seesDeletes: true,
  },
  {
    name: 'pgoutput',
    method: 'LOG_BASED',
    tapExtra: { logical_decoding_plugin: 'pgoutput' },
    views: {},
    seesDeletes: true,
  },
];

async function catalogFor(pipeline: Pipeline): Promise<string> {
  const config = writeJsonTemp({ ...db.settings, filter_schemas: 'pagila' }, 'tap-config');
  const choice: StreamChoice =
    pipeline.method === 'INCREMENTAL'
      ? { method: 'INCREMENTAL', replicationKey: 'last_update' }
      : { method: pipeline.method };
  const names = [...TABLES, ...Object.keys(pipeline.views)];
  const catalog = selectStreams(await discoverCatalog(config), (id) => {
    const name = id.slice('pagila-'.length);
    if (!id.startsWith('pagila-') || !names.includes(name)) return undefined;
    const keys = pipeline.views[name];
    return keys === undefined ? choice : { ...choice, metadata: { 'view-key-properties': keys } };
  });
  return writeJsonTemp(catalog, `catalog-${pipeline.name}`);
}

async function run(pipeline: Pipeline, catalog: string): Promise<string> {
  const tapConfig = writeJsonTemp(
    { ...db.settings, filter_schemas: 'pagila', slot_name: `pagila_${pipeline.name}`, ...pipeline.tapExtra },
    'tap-config',
  );
  const targetConfig = writeJsonTemp(
    { ...db.settings, default_target_schema: `dst_${pipeline.name}`, hard_delete: true, activate_version: 'hard' },
    'target-config',
  );
  const result = await runPipeline({
    tapArgs: ['--config', tapConfig, '--catalog', catalog, ...(pipeline.state ? ['--state', pipeline.state] : [])],
    targetArgs: ['--config', targetConfig],
    timeoutMs: 120_000,
  });
  if (result.tap.code !== 0 || result.target.code !== 0)
    throw new Error(`${pipeline.name}: tap ${result.tap.code} ${result.tap.stderr}\ntarget ${result.target.stderr}`);
  const states = result.target.stdout.trim().split('\n');
  pipeline.state = writeJsonTemp(JSON.parse(states[states.length - 1]) as unknown, 'state');
  return result.tap.stderr;
}

/** ONLY for plain tables: an inheritance parent's own rows (a partitioned table's rows are its partitions'). */
const only = (name: string): string => (TABLES.includes(name) && name !== 'payment' ? 'ONLY ' : '');

/** What the writer does, one statement (or one multi-statement transaction) at a time. */
const CHANGES: ((i: number) => string)[] = [
  (i) => `UPDATE pagila.film SET description = description || ' again', rental_rate = (rental_rate + 0.5) % 9,
            special_features = special_features || 'x,y "${i}"'::text WHERE film_id = ${1 + (i % 200)}`,
  (i) => `INSERT INTO pagila.actor (first_name, last_name) VALUES ('NEW', 'ACTOR ${i} \\ ''q''')`,
  (i) => `DELETE FROM pagila.rental WHERE rental_id = ${1 + ((i * 13) % 2000)}`,
  (i) => `INSERT INTO pagila.payment (customer_id, staff_id, rental_id, amount, payment_date)
            VALUES (1, 1, 1, 1.5, TIMESTAMPTZ '2022-01-05 12:00:00.5+00' + ${i % 4} * interval '1 month')`,
  // Moves a payment to the next month's partition (a new key: LOG_BASED sees a delete and an insert).
  (i) => `UPDATE pagila.payment SET payment_date = payment_date + interval '1 month'
            WHERE payment_id = ${1 + ((i * 7) % 1500)} AND payment_date < '2022-04-01'`,
  (
    i,
  ) => `UPDATE pagila.customer SET activebool = NOT activebool, email = CASE WHEN ${i} % 2 = 0 THEN NULL ELSE email END
            WHERE customer_id = ${1 + (i % 300)}`,
  (
    i,
  ) => `BEGIN; INSERT INTO pagila.payment_legacy_2007_01 VALUES (${10_000 + i}, 1, 1.25, '2007-01-15 08:00:00', now());
            UPDATE pagila.payment_legacy SET amount = (amount + 1) % 100 WHERE payment_id = ${1 + (i % 2)};
            DELETE FROM pagila.payment_legacy_2007_01 WHERE payment_id = ${101 + (i % 200)}; COMMIT`,
  (i) => `UPDATE pagila.staff SET picture = decode(md5('${i}'), 'hex') WHERE staff_id = 1`,
  (i) => `BEGIN; INSERT INTO pagila.film_actor (actor_id, film_id) VALUES (${1 + (i % 120)}, ${1 + ((i * 3) % 200)})
            ON CONFLICT DO NOTHING; DELETE FROM pagila.film_actor WHERE actor_id = ${1 + ((i * 5) % 120)}
            AND film_id = (SELECT min(film_id) FROM pagila.film_actor WHERE actor_id = ${1 + ((i * 5) % 120)}); COMMIT`,
  (i) => `UPDATE pagila.language SET name = 'Lang ${i % 7}' WHERE language_id = ${1 + (i % 6)}`,
];

/** Changes the database until `stop` is set; returns how many changes it made. */
async function writer(stop: { done: boolean }): Promise<number> {
  let i = 0;
  while (!stop.done) {
    await db.query(CHANGES[i % CHANGES.length](i));
    i += 1;
  }
  return i;
}

async function columnsOf(relation: string): Promise<{ columns: string[]; keys: string[] }> {
  const result = await db.query<{ name: string; key: boolean }>(
    `SELECT a.attname AS name, coalesce(a.attnum = ANY (i.indkey::int2[]), false) AS key
       FROM pg_attribute a LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
      WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [relation],
  );
  return { columns: result.rows.map((r) => r.name), keys: result.rows.filter((r) => r.key).map((r) => r.name) };
}

/**
 * The source's rows as text next to the destination's: all of them when the method sees deletes, else the
 * destination's rows whose key is still in the source (deleted rows and old keys stay there).
 */
async function compared(
  pipeline: Pipeline,
  name: string,
  keys?: readonly string[],
): Promise<{ source: string[]; destination: string[] }> {
  const relation = `pagila.${name}`;
  const { columns, keys: primary } = await columnsOf(relation);
  const keyColumns = keys ?? primary;
  const text = (alias: string): string => `row(${columns.map((c) => `${alias}.${c}::text`).join(', ')})::text`;
  const source = `${only(name)}${relation}`;
  const destination = `dst_${pipeline.name}.${name}`;
  const still = pipeline.seesDeletes
    ? ''
    : ` WHERE EXISTS (SELECT 1 FROM ${source} s WHERE ${keyColumns.map((k) => `s.${k} = d.${k}`).join(' AND ')})`;
  const rows = async (sql: string): Promise<string[]> => (await db.query<{ row: string }>(sql)).rows.map((r) => r.row);
  return {
    source: await rows(`SELECT ${text('s')} AS row FROM ${source} s ORDER BY 1`),
    destination: await rows(`SELECT ${text('d')} AS row FROM ${destination} d${still} ORDER BY 1`),
  };
}

describe('a pagila-shaped database, every method, a concurrent writer, compared by text', () => {
  const catalogs = new Map<string, string>();

  beforeAll(async () => {
    await db.query(fixture);
    for (const pipeline of PIPELINES) catalogs.set(pipeline.name, await catalogFor(pipeline));
  }, 60_000);

  test('two runs while the writer changes the source, one after it stopped: every destination equals the source', async () => {
    const stop = { done: false };
    const writing = writer(stop);
    try {
      for (let round = 0; round < 2; round += 1)
        for (const pipeline of PIPELINES) {
          const stderr = await run(pipeline, catalogs.get(pipeline.name) ?? '');
          const skipped = stderr.split('\n').filter((line) => line.includes('has not been populated'));
          expect(skipped).toHaveLength('rental_by_category' in pipeline.views ? 1 : 0);
          expect(stderr).not.toMatch(/^(ERROR|CRITICAL)/m);
        }
    } finally {
      stop.done = true;
    }
    expect(await writing).toBeGreaterThan(CHANGES.length);
    // INCREMENTAL cannot see a change that commits after a run read past its last_update (documented): touch every
    // row once the writer stopped, so that its last run reads everything still there. The others do not need it.
    for (const table of TABLES) await db.query(`UPDATE ${only(table)}pagila.${table} SET last_update = last_update`);
    for (const pipeline of PIPELINES) await run(pipeline, catalogs.get(pipeline.name) ?? '');

    for (const pipeline of PIPELINES) {
      for (const table of TABLES) {
        const { source, destination } = await compared(pipeline, table);
        expect({ pipeline: pipeline.name, table, rows: destination }).toEqual({
          pipeline: pipeline.name,
          table,
          rows: source,
        });
      }
      for (const [view, keys] of Object.entries(pipeline.views)) {
        if (view === 'rental_by_category') continue;
        const { source, destination } = await compared(pipeline, view, keys);
        expect({ pipeline: pipeline.name, view, rows: destination }).toEqual({
          pipeline: pipeline.name,
          view,
          rows: source,
        });
      }
      // The unpopulated materialized view was never created in the destination.
      const created = await db.query(
        `SELECT to_regclass('dst_${pipeline.name}.rental_by_category') IS NOT NULL AS yes`,
      );
      expect(created.rows[0]).toEqual({ yes: false });
    }
  }, 600_000);
});
