import { selectStreams, writeJsonTemp, type CatalogShape, type PythonVenv, type TestDatabase } from '@pgsinger/testkit';
import { textDifferences, versionedColumns } from './compare-tables';
import { expectSuccess, pipe, tapConfig, targetConfig, type PipeResult, type Side } from './pipelinewise';

/**
 * A source table with every type pipelinewise's tap maps (integers to their bounds — one key at each bigint bound —,
 * numeric, floats, boolean, text and varchar with quotes and backslashes, date, timestamp, timestamptz, time, jsonb, an
 * integer array, uuid) and NULLs. `updated_at` is the INCREMENTAL replication key.
 */
export function itemsTableSql(schema: string, table: string): string {
  const name = `"${schema}"."${table}"`;
  return `CREATE TABLE ${name} (
      id bigint PRIMARY KEY, qty integer, small smallint, amount numeric(12,2), ratio double precision, score real,
      active boolean, name text, code varchar(20), born date, seen timestamp, updated_at timestamptz NOT NULL,
      opens time, doc jsonb, tags integer[], ref uuid);
    INSERT INTO ${name} SELECT g, g * 1000, (g % 100)::smallint, g * 12.5 + 0.05, g / 3.0, g / 7.0, g % 2 = 0,
      'name ' || g || E' \\\\ "q" ''s', 'c' || g, date '2020-01-01' + g,
      timestamp '2020-01-01 10:00:00.123456' + g * interval '1 hour',
      timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute', time '08:00' + g * interval '1 minute',
      jsonb_build_object('n', g, 'list', jsonb_build_array('a', g)), ARRAY[g, g + 1], md5(g::text)::uuid
      FROM generate_series(1, 30) g;
    INSERT INTO ${name} VALUES
      (9223372036854775807, 2147483647, 32767, 9999999999.99, 1.5e300, 3.4e38, true, 'max', 'max', '9999-12-31',
       '2099-12-31 23:59:59.999999', '2023-12-31 23:00:00+00', '23:59:59.999999', '[1, "two", {"x": null}]', '{}', NULL),
      (-9223372036854775808, -2147483648, -32768, -9999999999.99, -1e-300, -1e-30, false, 'min', NULL, '1900-01-01',
       '1900-01-01 00:00:00', '1970-01-01 00:00:00+00', '00:00:00', '{}', NULL, NULL),
      (0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '2000-01-01 00:00:00+00', NULL, NULL, NULL, NULL);`;
}

/** Changes every method must carry: updates (newer updated_at), inserts and, for LOG_BASED, a delete. */
export function changeItemsSql(schema: string, table: string, round: number, withDelete: boolean): string {
  const name = `"${schema}"."${table}"`;
  const base = 100 * round;
  return `UPDATE ${name} SET amount = amount + 1, name = name || ' changed ${round}', doc = '{"changed": ${round}}',
      updated_at = now() + interval '${round} hours' WHERE id IN (2, 3);
    INSERT INTO ${name} (id, qty, amount, born, updated_at, tags)
      SELECT ${base} + g, g, g + 0.25, date '2024-02-29', now() + interval '${round} hours', ARRAY[g]
        FROM generate_series(1, 5) g;
    ${withDelete ? `DELETE FROM ${name} WHERE id = ${4 + round};` : ''}`;
}

/** The three methods on three copies of the items table, as a pipelinewise user selects them. */
export const METHODS = [
  { table: 'full_items', method: 'FULL_TABLE' },
  { table: 'incr_items', method: 'INCREMENTAL', replicationKey: 'updated_at' },
  { table: 'log_items', method: 'LOG_BASED' },
] as const;

/** Creates the source tables (schema `src`) of METHODS. */
export async function createSources(db: TestDatabase): Promise<void> {
  await db.query(`CREATE SCHEMA src; ${METHODS.map((m) => itemsTableSql('src', m.table)).join('\n')}`);
}

/** Applies a round of changes to every source table (deletes only where LOG_BASED can carry them). */
export async function changeSources(db: TestDatabase, round: number): Promise<void> {
  await db.query(METHODS.map((m) => changeItemsSql('src', m.table, round, m.method === 'LOG_BASED')).join('\n'));
}

/** Selects METHODS in a discovered catalog (pipelinewise's or ours) and writes it to a file. */
export function selectMethods(discovered: CatalogShape): string {
  const catalog = selectStreams(
    discovered,
    Object.fromEntries(
      METHODS.map((m) => [
        `src-${m.table}`,
        { method: m.method, ...('replicationKey' in m ? { replicationKey: m.replicationKey } : {}) },
      ]),
    ),
  );
  return writeJsonTemp(catalog, 'catalog');
}

/** Expects every METHODS table of `schema` to equal its source by text, with no versioned (renamed) column. */
export async function expectEqualToSource(db: TestDatabase, schema: string): Promise<void> {
  for (const { table } of METHODS) {
    expect({ table, versioned: await versionedColumns(db, { schema, table }) }).toEqual({ table, versioned: [] });
    const differences = await textDifferences(db, { schema: 'src', table }, { schema, table }, 'id');
    expect({ table, differences }).toEqual({ table, differences: {} });
  }
}

/**
 * One `tap | target` run loading `schema`, each program from its side; the tap gets its own slot per destination
 * (`tap_id`) and the state kept for `schema` in `states`, which the run's last state line replaces.
 */
export async function runIntoSchema(
  db: TestDatabase,
  venv: PythonVenv,
  run: { catalog: string; schema: string; tap: Side; target: Side; states: Record<string, unknown> },
): Promise<PipeResult> {
  const { schema, states } = run;
  const state = states[schema] === undefined ? [] : ['--state', writeJsonTemp(states[schema], 'state')];
  const config = tapConfig(db, { tap_id: schema, logical_poll_total_seconds: 5 });
  const result = expectSuccess(
    await pipe(
      venv,
      { side: run.tap, args: ['--config', config, '--catalog', run.catalog, ...state] },
      { side: run.target, args: ['--config', targetConfig(db, schema, { hard_delete: true })] },
    ),
    `${run.tap} tap into ${run.target} target (${schema})`,
  );
  if (result.state !== undefined) states[schema] = result.state;
  return result;
}
