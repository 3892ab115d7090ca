import { testDatabase, writeJsonTemp, type PythonVenv } from '@pgsinger/testkit';
import { destinationColumns, textDifferences, versionedColumns } from '../support/compare-tables';
import {
  expectSuccess,
  pipe,
  pipelinewiseCatalog,
  pipelinewiseVenv,
  tapConfig,
  targetConfig,
  type Side,
} from '../support/pipelinewise';
import { changeSources, createSources, METHODS, selectMethods } from '../support/pipelinewise-fixture';

// Our tap (default output: pipelinewise's spellings) into pipelinewise's target, all three methods, with the catalog
// pipelinewise's tap discovered: into an empty destination and into tables pipelinewise's pair made. No renamed column,
// no failed load, values equal to the source by text within pipelinewise's type mapping, states carried both ways.
jest.setTimeout(600_000);

const db = testDatabase({ prefix: 'e2e_pw_tap' });
let venv: PythonVenv;
let catalog: string;
const states: Record<string, unknown> = {};

/** `tap` side's tap (its own slot per destination: `tap_id`) into pipelinewise's target, loading `schema`. */
async function run(schema: string, tap: Side): Promise<Awaited<ReturnType<typeof pipe>>> {
  const state = states[schema] === undefined ? [] : ['--state', writeJsonTemp(states[schema], 'state')];
  const config = tapConfig(db, { tap_id: schema, logical_poll_total_seconds: 5 });
  const result = expectSuccess(
    await pipe(
      venv,
      { side: tap, args: ['--config', config, '--catalog', catalog, ...state] },
      { side: 'pipelinewise', args: ['--config', targetConfig(db, schema, { hard_delete: true })] },
    ),
    `${tap} tap into pipelinewise's target (${schema})`,
  );
  if (result.state !== undefined) states[schema] = result.state;
  return result;
}

async function expectEqualToSource(schema: string): Promise<void> {
  for (const { table } of METHODS) {
    expect({ table, versioned: await versionedColumns(db, { schema, table }) }).toEqual({ table, versioned: [] });
    const differences = await textDifferences(db, { schema: 'src', table }, { schema, table }, 'id');
    expect({ table, differences }).toEqual({ table, differences: {} });
  }
}

beforeAll(async () => {
  venv = await pipelinewiseVenv();
  await createSources(db);
  for (const schema of ['fresh', 'pw_made'])
    await db.query(`SELECT pg_create_logical_replication_slot($1, 'wal2json')`, [`pipelinewise_${db.name}_${schema}`]);
  catalog = selectMethods(await pipelinewiseCatalog(venv, tapConfig(db)));
  await run('pw_made', 'pipelinewise');
});

describe("our tap, pipelinewise's target", () => {
  test('into an empty destination: every method, twice (the state resumes our tap)', async () => {
    await run('fresh', 'ours');
    await expectEqualToSource('fresh');
    const columns = await destinationColumns(db, { schema: 'fresh', table: 'full_items' });
    // pipelinewise's target gives our default spellings the columns pipelinewise's tap would get.
    expect(columns).toMatchObject({
      id: 'bigint',
      born: 'timestamp without time zone',
      opens: 'time without time zone',
      updated_at: 'timestamp without time zone',
      tags: 'jsonb',
    });
    await changeSources(db, 1);
    const again = await run('fresh', 'ours');
    await expectEqualToSource('fresh');
    // LOG_BASED went on from the state our tap wrote: the changes, not a new copy.
    const changes = again.tap.stdout.split('\n').filter((l) => l.includes('"type":"RECORD","stream":"src-log_items"'));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.length).toBeLessThan(20);
  });

  test("into tables pipelinewise's pair made, from its state: kept as they are, values equal", async () => {
    const before: Record<string, Record<string, string>> = {};
    for (const { table } of METHODS) before[table] = await destinationColumns(db, { schema: 'pw_made', table });
    await changeSources(db, 2);
    await run('pw_made', 'ours');
    await expectEqualToSource('pw_made');
    for (const { table } of METHODS)
      expect(await destinationColumns(db, { schema: 'pw_made', table })).toEqual(before[table]);
  });

  test("moving back to pipelinewise's tap: the state our tap wrote carries it on", async () => {
    await changeSources(db, 3);
    await run('pw_made', 'pipelinewise');
    await expectEqualToSource('pw_made');
  });
});
