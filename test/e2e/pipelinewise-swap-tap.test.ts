import { selectStreams, testDatabase, writeJsonTemp, type PythonVenv } from '@pgsinger/testkit';
import { destinationColumns, textDifferences } from '../support/compare-tables';
import {
  expectSuccess,
  messages,
  pipe,
  pipelinewiseCatalog,
  pipelinewiseVenv,
  tapConfig,
  targetConfig,
  type Side,
} from '../support/pipelinewise';
import {
  changeSources,
  createSources,
  expectEqualToSource,
  METHODS,
  runIntoSchema,
  selectMethods,
} from '../support/pipelinewise-fixture';

// Our tap (default output: pipelinewise's spellings) into pipelinewise's target, all three methods, with the catalog
// pipelinewise's tap discovered: into an empty destination and into tables pipelinewise's pair made. No renamed column,
// no failed load, values equal to the source by text within pipelinewise's type mapping, states carried both ways.
jest.setTimeout(600_000);

const db = testDatabase({ prefix: 'e2e_pw_tap' });
let venv: PythonVenv;
let catalog: string;
const states: Record<string, unknown> = {};

/** `tap` side's tap (its own slot per destination) into pipelinewise's target, loading `schema`. */
const run = (schema: string, tap: Side) =>
  runIntoSchema(db, venv, { catalog, schema, tap, target: 'pipelinewise', states });

/** The keys pipelinewise's tap accepts in an INCREMENTAL bookmark (any other: "invalid keys found in state"). */
const PIPELINEWISE_INCREMENTAL_KEYS = [
  'last_replication_method',
  'replication_key',
  'replication_key_value',
  'version',
];

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
    await expectEqualToSource(db, 'fresh');
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
    await expectEqualToSource(db, 'fresh');
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
    await expectEqualToSource(db, 'pw_made');
    for (const { table } of METHODS)
      expect(await destinationColumns(db, { schema: 'pw_made', table })).toEqual(before[table]);
  });

  test("moving back to pipelinewise's tap: the state our tap wrote carries it on", async () => {
    // pipelinewise's tap refuses any other key in an INCREMENTAL bookmark; our tie-breaker sits beside the bookmarks.
    const ours = states.pw_made as {
      bookmarks: Record<string, object>;
      pgsinger?: { keyset?: Record<string, object> };
    };
    expect(Object.keys(ours.bookmarks['src-incr_items']).sort()).toEqual(PIPELINEWISE_INCREMENTAL_KEYS);
    expect(ours.pgsinger?.keyset?.['src-incr_items']).toMatchObject({ replication_key: 'updated_at' });
    await changeSources(db, 3);
    await run('pw_made', 'pipelinewise');
    await expectEqualToSource(db, 'pw_made');
  });
});

describe("taking turns with pipelinewise's tap on one INCREMENTAL stream", () => {
  test('its runs keep our tie-breaker apart; one that moved the value makes ours read >= it, no row lost', async () => {
    // Ids at seq 2 sort below those at seq 1: our tie-breaker (1, 30) applied at seq 2 would skip them.
    await db.query(`CREATE TABLE src.turns (id bigint PRIMARY KEY, seq integer NOT NULL, note text);
      INSERT INTO src.turns VALUES (10, 1, 'a'), (20, 1, 'b'), (30, 1, 'c'), (1, 2, 'd'), (2, 2, 'e'), (3, 2, 'f');`);
    const discovered = await pipelinewiseCatalog(venv, tapConfig(db));
    const turns = writeJsonTemp(
      selectStreams(discovered, { 'src-turns': { method: 'INCREMENTAL', replicationKey: 'seq' } }),
      'catalog',
    );
    let state: unknown;
    const turn = async (tap: Side, limit: number | undefined): Promise<string[]> => {
      const stateArgs = state === undefined ? [] : ['--state', writeJsonTemp(state, 'state')];
      const config = tapConfig(db, limit === undefined ? {} : { limit });
      const result = expectSuccess(
        await pipe(
          venv,
          { side: tap, args: ['--config', config, '--catalog', turns, ...stateArgs] },
          { side: 'pipelinewise', args: ['--config', targetConfig(db, 'turns')] },
        ),
        `${tap} tap, turns`,
      );
      state = result.state;
      return messages(result.tap.stdout)
        .filter((m) => m.type === 'RECORD')
        .map((m) => String(m.record?.id));
    };
    const keyset = (): unknown => (state as { pgsinger?: { keyset?: Record<string, unknown> } }).pgsinger?.keyset;
    const bookmark = (): Record<string, unknown> =>
      (state as { bookmarks: Record<string, Record<string, unknown>> }).bookmarks['src-turns'];

    expect(await turn('ours', 3)).toEqual(['10', '20', '30']);
    expect(Object.keys(bookmark()).sort()).toEqual(PIPELINEWISE_INCREMENTAL_KEYS);
    expect(keyset()).toEqual({
      'src-turns': {
        replication_key: 'seq',
        replication_key_value: 1,
        replication_key_pk: { id: '30' },
        replication_key_xmin: expect.any(Number),
      },
    });
    // pipelinewise (`>=` 1, limit 4): the three rows at 1 again and one at 2; it bookmarks 2, our key passes through.
    expect(await turn('pipelinewise', 4)).toHaveLength(4);
    expect(bookmark().replication_key_value).toBe(2);
    expect(keyset()).toMatchObject({ 'src-turns': { replication_key_value: 1 } });
    // Ours: the tie-breaker is for 1, not 2 — so `>=` 2, every row at 2 (pipelinewise sent only one of them).
    expect(await turn('ours', undefined)).toEqual(['1', '2', '3']);
    expect(keyset()).toMatchObject({ 'src-turns': { replication_key_value: 2, replication_key_pk: { id: '3' } } });
    const differences = await textDifferences(
      db,
      { schema: 'src', table: 'turns' },
      { schema: 'turns', table: 'turns' },
      'id',
    );
    expect(differences).toEqual({});
    expect(await turn('ours', undefined)).toEqual([]);
  });
});
