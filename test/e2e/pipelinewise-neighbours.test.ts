import { writeFileSync } from 'node:fs';
import { selectStreams, testDatabase, writeJsonTemp, type PythonVenv } from '@pgsinger/testkit';
import { textDifferences } from '../support/compare-tables';
import {
  expectSuccess,
  pipe,
  pipelinewiseCatalog,
  pipelinewiseVenv,
  runSide,
  tapConfig,
  targetConfig,
  type PipeResult,
} from '../support/pipelinewise';

// Our LOG_BASED tap and a pipelinewise LOG_BASED tap on two slots of one database, and the CLI conventions
// pipelinewise's wrappers rely on (exit codes of usage errors and of an empty state file).
jest.setTimeout(600_000);

const db = testDatabase({ prefix: 'e2e_pw_nb' });
let venv: PythonVenv;
let catalog: string;
const states: { pw?: unknown; ours?: unknown } = {};
const OUR_SLOT = 'pgsinger_neighbour';

async function pipelinewiseRun(): Promise<PipeResult> {
  const state = states.pw === undefined ? [] : ['--state', writeJsonTemp(states.pw, 'state')];
  const config = tapConfig(db, { tap_id: 'pw', logical_poll_total_seconds: 5 });
  const result = await pipe(
    venv,
    { side: 'pipelinewise', args: ['--config', config, '--catalog', catalog, ...state] },
    { side: 'pipelinewise', args: ['--config', targetConfig(db, 'pw_dst', { hard_delete: true })] },
  );
  if (result.tap.code === 0 && result.target.code === 0 && result.state !== undefined) states.pw = result.state;
  return result;
}

async function ourRun(extra: Record<string, unknown> = {}): Promise<PipeResult> {
  const state = states.ours === undefined ? [] : ['--state', writeJsonTemp(states.ours, 'state')];
  const config = tapConfig(db, { slot_name: OUR_SLOT, ...extra });
  const result = expectSuccess(
    await pipe(
      venv,
      { side: 'ours', args: ['--config', config, '--catalog', catalog, ...state] },
      { side: 'ours', args: ['--config', targetConfig(db, 'our_dst', { hard_delete: true })] },
    ),
    'our LOG_BASED run',
  );
  if (result.state !== undefined) states.ours = result.state;
  return result;
}

beforeAll(async () => {
  venv = await pipelinewiseVenv();
  await db.query(`CREATE SCHEMA src; CREATE TABLE src.events (id integer PRIMARY KEY, payload text);
    INSERT INTO src.events SELECT g, 'row ' || g FROM generate_series(1, 20) g;`);
  for (const slot of [`pipelinewise_${db.name}_pw`, OUR_SLOT])
    await db.query(`SELECT pg_create_logical_replication_slot($1, 'wal2json')`, [slot]);
  const discovered = await pipelinewiseCatalog(venv, tapConfig(db));
  catalog = writeJsonTemp(selectStreams(discovered, { 'src-events': { method: 'LOG_BASED' } }), 'catalog');
  expectSuccess(await pipelinewiseRun(), 'pipelinewise initial copy');
  await ourRun();
});

describe('a pipelinewise LOG_BASED tap on a second slot of the same database', () => {
  test('keeps working after our tap has run (no heartbeat by default)', async () => {
    for (let round = 1; round <= 2; round += 1) {
      await db.query(`INSERT INTO src.events VALUES (${100 + round}, 'new ${round}');
        UPDATE src.events SET payload = 'changed ${round}' WHERE id = ${round};
        DELETE FROM src.events WHERE id = ${10 + round};`);
      const ours = await ourRun();
      expect(ours.tap.stderr).not.toMatch(/heartbeat/i);
      expectSuccess(await pipelinewiseRun(), `pipelinewise run ${round} after ours`);
    }
    const source = { schema: 'src', table: 'events' };
    expect(await textDifferences(db, source, { schema: 'pw_dst', table: 'events' }, 'id')).toEqual({});
    expect(await textDifferences(db, source, { schema: 'our_dst', table: 'events' }, 'id')).toEqual({});
  });

  // Last: after it, that pipelinewise slot fails at every run until the message is behind its position.
  test('logical_heartbeat: true writes the message every slot decodes, and pipelinewise fails on it', async () => {
    await db.query(`INSERT INTO src.events VALUES (200, 'before the heartbeat')`);
    await ourRun({ logical_heartbeat: true });
    const result = await pipelinewiseRun();
    expect(result.tap.code).not.toBe(0);
    expect(result.tap.stderr).toMatch(/KeyError: 'schema'/);
  });
});

describe("the CLI conventions of pipelinewise's wrappers", () => {
  test.each([
    ['tap-postgres', 'no arguments', []],
    ['tap-postgres', 'an unknown flag', ['--nope']],
    ['target-postgres', 'an unknown flag', ['--nope']],
  ] as const)('%s with %s: exit 2 on both sides', async (name, _what, args) => {
    for (const side of ['pipelinewise', 'ours'] as const) {
      const result = await runSide(venv, side, name, [...args], '');
      expect({ side, code: result.code }).toEqual({ side, code: 2 });
    }
  });

  test('an empty (0-byte) state file: exit 1 on both sides, ours with one line saying how to start over', async () => {
    const empty = writeJsonTemp({}, 'state');
    writeFileSync(empty, '');
    const args = ['--config', tapConfig(db), '--catalog', catalog, '--state', empty];
    const pw = await runSide(venv, 'pipelinewise', 'tap-postgres', args);
    expect(pw.code).toBe(1);
    const ours = await runSide(venv, 'ours', 'tap-postgres', args);
    expect(ours.code).toBe(1);
    expect(ours.stdout).toBe('');
    expect(ours.stderr).toMatch(
      /^CRITICAL --state .*: the file is empty — .*start over deliberately by writing \{\} into it.*\n$/,
    );
  });
});
