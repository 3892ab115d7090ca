import {
  discoverCatalog,
  failure,
  failureProblems,
  runPipeline,
  selectStreams,
  testDatabase,
  writeJsonTemp,
  type BinResult,
} from '@pgsinger/testkit';
import {
  expectedColumnName,
  expectedTableName,
  HOSTILE_COLUMNS,
  HOSTILE_TABLES,
  hostileTableSql,
  q,
} from './harness/identifiers';

// Hostile identifiers end to end (discover, tap | target, load): quotes, spaces, dots, hyphens, unicode, reserved
// words, upper case, 63-byte names, and names that collide once the target normalises them.
const db = testDatabase({ prefix: 'rel_ident' });
const SOURCE = 'Odd "Schema".ü';

async function sync(schemas: string[], targetSchema: string, targetExtra: Record<string, unknown> = {}) {
  const tapConfig = writeJsonTemp({ ...db.settings, filter_schemas: schemas }, 'tap');
  const catalog = selectStreams(await discoverCatalog(tapConfig), () => ({ method: 'FULL_TABLE' }));
  const targetConfig = writeJsonTemp({ ...db.settings, default_target_schema: targetSchema, ...targetExtra }, 'target');
  const result = await runPipeline({
    tapArgs: ['--config', tapConfig, '--catalog', writeJsonTemp(catalog, 'catalog')],
    targetArgs: ['--config', targetConfig],
    timeoutMs: 120_000,
  });
  return { catalog, ...result };
}

async function tablesOf(schema: string): Promise<string[]> {
  const result = await db.query<{ t: string }>(
    'SELECT tablename AS t FROM pg_tables WHERE schemaname = $1 ORDER BY 1',
    [schema],
  );
  return result.rows.map((r) => r.t);
}

/** 'loaded apart', 'refused clearly', or what happened instead (printed by a failing expectation). */
async function collisionVerdict(
  run: { target: { code: number | null; stderr: string } },
  schema: string,
  names: string[],
) {
  const tables = await tablesOf(schema);
  if (run.target.code === 0 && tables.length === names.length) return 'loaded apart';
  if (clearRefusal(run.target, names)) return 'refused clearly';
  return `neither: target exit ${run.target.code}, destination tables ${JSON.stringify(tables)}: ${run.target.stderr.slice(-300)}`;
}

/** A refusal: exit 1 and a clean failure (one CRITICAL line, no stack) whose line names `words`. */
function clearRefusal(result: Pick<BinResult, 'code' | 'stderr'>, words: string[]): boolean {
  return result.code === 1 && failureProblems(result).length === 0 && words.every((w) => failure(result).includes(w));
}

describe('hostile identifiers end to end', () => {
  beforeAll(async () => {
    await db.query(`CREATE SCHEMA ${q(SOURCE)}`);
    for (const table of HOSTILE_TABLES) await db.query(hostileTableSql(SOURCE, table));
  });

  it('discovers, syncs and loads every table and column, values intact', async () => {
    const run = await sync([SOURCE], 'ident_dst');
    expect(run.catalog.streams.map((s) => s.tap_stream_id).sort()).toEqual(
      HOSTILE_TABLES.map((t) => `${SOURCE}-${t}`).sort(),
    );
    expect({ tap: run.tap.code, target: run.target.code, err: run.target.stderr.slice(-800) }).toMatchObject({
      tap: 0,
      target: 0,
    });
    expect(await tablesOf('ident_dst')).toEqual(HOSTILE_TABLES.map(expectedTableName).sort());
    const differing: string[] = [];
    for (const table of HOSTILE_TABLES) {
      for (const column of HOSTILE_COLUMNS) {
        const source = `${q(SOURCE)}.${q(table)}`;
        const destination = `ident_dst.${q(expectedTableName(table))}`;
        const result = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${source} s FULL JOIN ${destination} d USING (id)
            WHERE s.${q(column)} IS DISTINCT FROM d.${q(expectedColumnName(column))}`,
        );
        if (result.rows[0]?.n !== 0) differing.push(`${table}.${column}`);
      }
    }
    expect(differing).toEqual([]);
  }, 180_000);

  it('two tables that normalise to one destination table: both loaded apart, or refused with a clear error', async () => {
    await db.query(`CREATE SCHEMA collide_tables; ${hostileTableSql('collide_tables', 'Dup-Name')}`);
    await db.query(
      `${hostileTableSql('collide_tables', 'dup_name')} UPDATE collide_tables.dup_name SET "select" = 'other'`,
    );
    const run = await sync(['collide_tables'], 'collide_dst');
    expect(['loaded apart', 'refused clearly']).toContain(
      await collisionVerdict(run, 'collide_dst', ['Dup-Name', 'dup_name']),
    );
  }, 120_000);

  it('two columns that normalise to one destination column: refused with an error naming both', async () => {
    await db.query(
      'CREATE SCHEMA collide_columns; CREATE TABLE collide_columns.t (id int PRIMARY KEY, "Foo" text, foo text)',
    );
    await db.query(`INSERT INTO collide_columns.t VALUES (1, 'upper', 'lower')`);
    const run = await sync(['collide_columns'], 'collide_columns_dst');
    expect({
      code: run.target.code,
      refused: clearRefusal(run.target, ['Foo', 'foo']),
      err: run.target.stderr.slice(-600),
    }).toMatchObject({
      code: 1,
      refused: true,
    });
  }, 120_000);

  it('table-name-with-hyphen: a table named with-hyphen lands under its documented name with_hyphen', async () => {
    await db.query(`CREATE SCHEMA hyphen_table; ${hostileTableSql('hyphen_table', 'with-hyphen')}`);
    const run = await sync(['hyphen_table'], 'hyphen_table_dst');
    expect({ target: run.target.code, err: run.target.stderr.slice(-600) }).toMatchObject({ target: 0 });
    expect(await tablesOf('hyphen_table_dst')).toEqual(['with_hyphen']);
  }, 120_000);

  it('tables-colliding-after-hyphen: tables left-side and right-side are loaded apart or refused, never merged', async () => {
    await db.query(
      `CREATE SCHEMA sides; ${hostileTableSql('sides', 'left-side')} ${hostileTableSql('sides', 'right-side')}`,
    );
    await db.query(`UPDATE sides."right-side" SET "select" = 'right'`);
    const run = await sync(['sides'], 'sides_dst');
    expect(['loaded apart', 'refused clearly']).toContain(
      await collisionVerdict(run, 'sides_dst', ['left-side', 'right-side']),
    );
  }, 120_000);

  // A stream id `my-schema-plain` is ambiguous (schema `my` + table `schema-plain`, or schema `my-schema` + table
  // `plain`); the target splits at the first hyphen unless schema_mapping names the hyphenated source schema.
  it('a source schema with a hyphen named in schema_mapping: its table lands under its own name', async () => {
    await db.query(`CREATE SCHEMA "my-schema"; ${hostileTableSql('my-schema', 'plain')}`);
    const run = await sync(['my-schema'], 'hyphen_dst', {
      schema_mapping: { 'my-schema': { target_schema: 'hyphen_dst' } },
    });
    expect({ target: run.target.code, err: run.target.stderr.slice(-600) }).toMatchObject({ target: 0 });
    expect(await tablesOf('hyphen_dst')).toEqual(['plain']);
  }, 120_000);
});
