import { testDatabase, writeJsonTemp, type PythonVenv } from '@pgsinger/testkit';
import { destinationColumns } from '../support/compare-tables';
import {
  expectSuccess,
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
  selectMethods,
} from '../support/pipelinewise-fixture';

// Swap both binaries on tables and state that pipelinewise's tap and target made (all three methods), then move back
// to pipelinewise: no renamed column, values equal to the source by text, states carried both ways.
jest.setTimeout(600_000);

const db = testDatabase({ prefix: 'e2e_pw_both' });
const DEST = 'pw_both';
let venv: PythonVenv;
let catalog: string;
let state: unknown;

const run = async (side: Side, what: string): Promise<Awaited<ReturnType<typeof pipe>>> => {
  const stateArgs = state === undefined ? [] : ['--state', writeJsonTemp(state, 'state')];
  const result = expectSuccess(
    await pipe(
      venv,
      {
        side,
        args: ['--config', tapConfig(db, { logical_poll_total_seconds: 5 }), '--catalog', catalog, ...stateArgs],
      },
      { side, args: ['--config', targetConfig(db, DEST, { hard_delete: true })] },
    ),
    what,
  );
  if (result.state !== undefined) state = result.state;
  return result;
};

beforeAll(async () => {
  venv = await pipelinewiseVenv();
  await createSources(db);
  await db.query(`SELECT pg_create_logical_replication_slot('pipelinewise_${db.name}', 'wal2json')`);
  catalog = selectMethods(await pipelinewiseCatalog(venv, tapConfig(db)));
  // pipelinewise's pair makes the tables and the state: the initial copies, then a run that streams changes.
  await run('pipelinewise', 'pipelinewise first run');
  await changeSources(db, 1);
  await run('pipelinewise', 'pipelinewise second run');
});

describe('pipelinewise tables and state, both binaries swapped', () => {
  let typesBefore: Record<string, Record<string, string>>;

  test('our tap | our target continue: columns adopted (one WARNING each), none renamed, values equal', async () => {
    typesBefore = {};
    for (const { table } of METHODS) typesBefore[table] = await destinationColumns(db, { schema: DEST, table });
    await changeSources(db, 2);
    const result = await run('ours', 'our pair on pipelinewise tables');
    await expectEqualToSource(db, DEST);
    for (const { table } of METHODS)
      expect(await destinationColumns(db, { schema: DEST, table })).toEqual(typesBefore[table]);
    const adopted = result.target.stderr
      .split('\n')
      .filter((line) => line.startsWith('WARNING') && line.includes(' in the table and the schema wants '));
    const perColumn = adopted.map((line) => /^WARNING (\S+): column "(\w+)"/.exec(line)?.slice(1).join('.'));
    expect(new Set(perColumn).size).toBe(perColumn.length);
    expect(perColumn.filter((c) => c?.startsWith('src-log_items.')).sort()).toEqual(
      ['amount', 'born', 'ref', 'tags', 'updated_at'].map((c) => `src-log_items.${c}`),
    );
    // The LOG_BASED stream went on from pipelinewise's slot position: changes only, no new initial copy.
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM src.log_items');
    const changes = result.tap.stdout.split('\n').filter((l) => l.includes('"type":"RECORD","stream":"src-log_items"'));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.length).toBeLessThan(rows[0].n);
  });

  test('moving back: pipelinewise tap | target continue from our state on the same tables', async () => {
    await changeSources(db, 3);
    await run('pipelinewise', 'pipelinewise after ours');
    await expectEqualToSource(db, DEST);
    for (const { table } of METHODS)
      expect(await destinationColumns(db, { schema: DEST, table })).toEqual(typesBefore[table]);
  });
});
