import { testDatabase, type PythonVenv } from '@pgsinger/testkit';
import { destinationColumns, versionedColumns } from '../support/compare-tables';
import { pipelinewiseCatalog, pipelinewiseVenv, tapConfig, type Side } from '../support/pipelinewise';
import {
  changeSources,
  createSources,
  expectEqualToSource,
  METHODS,
  runIntoSchema,
  selectMethods,
} from '../support/pipelinewise-fixture';

// pipelinewise's tap into our target (all three methods): into an empty destination and into tables pipelinewise's
// target made; the state our target prints carries pipelinewise's tap on; then pipelinewise's target again.
jest.setTimeout(600_000);

const db = testDatabase({ prefix: 'e2e_pw_tgt' });
let venv: PythonVenv;
let catalog: string;
const states: Record<string, unknown> = {};

/** pipelinewise's tap (its own slot per destination) into `target`'s target, loading `schema`. */
const run = (schema: string, target: Side) =>
  runIntoSchema(db, venv, { catalog, schema, tap: 'pipelinewise', target, states });

beforeAll(async () => {
  venv = await pipelinewiseVenv();
  await createSources(db);
  for (const schema of ['fresh', 'pw_made'])
    await db.query(`SELECT pg_create_logical_replication_slot($1, 'wal2json')`, [`pipelinewise_${db.name}_${schema}`]);
  catalog = selectMethods(await pipelinewiseCatalog(venv, tapConfig(db)));
  await run('pw_made', 'pipelinewise');
});

describe("pipelinewise's tap, our target", () => {
  test('into an empty destination: every method, twice (the state our target printed resumes the tap)', async () => {
    await run('fresh', 'ours');
    await expectEqualToSource(db, 'fresh');
    await changeSources(db, 1);
    await run('pw_made', 'pipelinewise');
    const again = await run('fresh', 'ours');
    await expectEqualToSource(db, 'fresh');
    // LOG_BASED went on from the state: changes only.
    const copies = again.tap.stdout.split('\n').filter((l) => l.includes('"stream": "src-log_items"'));
    expect(copies.length).toBeLessThan(20);
  });

  test("into tables pipelinewise's target made: kept as they are, values equal", async () => {
    const before: Record<string, Record<string, string>> = {};
    for (const { table } of METHODS) before[table] = await destinationColumns(db, { schema: 'pw_made', table });
    await changeSources(db, 2);
    const result = await run('pw_made', 'ours');
    await expectEqualToSource(db, 'pw_made');
    for (const { table } of METHODS)
      expect(await destinationColumns(db, { schema: 'pw_made', table })).toEqual(before[table]);
    // Without x-sql-datatype (pipelinewise's schemas) the types are pipelinewise's own mapping: nothing to warn about.
    expect(result.target.stderr).not.toMatch(/^WARNING/m);
  });

  test("moving back to pipelinewise's target on those tables: it goes on loading them", async () => {
    await changeSources(db, 3);
    await run('pw_made', 'pipelinewise');
    await expectEqualToSource(db, 'pw_made');
  });

  test("moving back to pipelinewise's target on tables our target created: it renames the columns it types otherwise", async () => {
    await changeSources(db, 4);
    const result = await run('fresh', 'pipelinewise');
    const renamed = await versionedColumns(db, { schema: 'fresh', table: 'full_items' });
    // Every column whose type differs from pipelinewise's mapping: numeric/real/double → double precision, text and
    // varchar(n) → character varying, timestamptz and our metadata timestamps → timestamp, uuid → character varying.
    expect(renamed.map((c) => c.replace(/_\d{8}_\d{4}$/, '')).sort()).toEqual(
      ['_sdc_batched_at', '_sdc_deleted_at', '_sdc_extracted_at', 'amount', 'born', 'code', 'name', 'ratio', 'ref']
        .concat(['score', 'seen', 'updated_at'])
        .sort(),
    );
    expect(result.target.stderr).toMatch(/Versioning column/);
  });
});
