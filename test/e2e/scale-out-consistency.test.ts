import {
  discoverCatalog,
  runBin,
  runPipeline,
  selectStreams,
  settleTransactions,
  testDatabase,
  writeJsonTemp,
  type StreamChoices,
} from '@pgsinger/testkit';

// What a table changing during a partitioned copy gives (docs/scale-out.md#consistency): the steps run by hand, with
// writes between them; the engine-driven runs are in scale-out-slurm.test.ts.

const db = testDatabase({ prefix: 'e2e_scale_out_changes' });
const COLUMNS = ['id', 'v', 'updated_at'];

interface Steps {
  readonly tapConfig: string;
  readonly targetConfig: string;
  readonly catalog: string;
}

async function steps(schema: string, choices: StreamChoices): Promise<Steps> {
  const tapConfig = writeJsonTemp({ ...db.settings, filter_schemas: 'src', itersize: 500 }, 'tap');
  const targetConfig = writeJsonTemp(
    { ...db.settings, default_target_schema: schema, activate_version: 'hard', hard_delete: true },
    'target',
  );
  const catalog = writeJsonTemp(selectStreams(await discoverCatalog(tapConfig), choices), 'catalog');
  return { tapConfig, targetConfig, catalog };
}

async function pipe(s: Steps, tapArgs: readonly string[]): Promise<{ state: unknown; records: number[] }> {
  const result = await runPipeline({
    tapArgs: ['--config', s.tapConfig, '--catalog', s.catalog, ...tapArgs],
    targetArgs: ['--config', s.targetConfig],
    timeoutMs: 60_000,
  });
  expect({
    tap: result.tap.code,
    target: result.target.code,
    stderr: result.tap.code === 0 ? '' : result.tap.stderr,
  }).toEqual({ tap: 0, target: 0, stderr: '' });
  const records = result.tap.stdout
    .split('\n')
    .filter((line) => line.startsWith('{"type":"RECORD"'))
    .map((line) => Number((JSON.parse(line) as { record: { id: number } }).record.id));
  return { state: JSON.parse(result.target.stdout.trim().split('\n').pop() ?? '{}'), records };
}

/** Plan, then each partition with `between(i)` run before it, then the merge: the merged state. */
async function partitionedCopy(
  s: Steps,
  partitions: number,
  between: (i: number) => Promise<void>,
  state?: unknown,
): Promise<unknown> {
  // Counting re-sends: other test files' old transactions would widen INCREMENTAL's recheck of the plan's last value.
  await settleTransactions(db);
  const stateArgs = state === undefined ? [] : ['--state', writeJsonTemp(state, 'state')];
  const planned = await runBin('tap-postgres', [
    '--config',
    s.tapConfig,
    '--catalog',
    s.catalog,
    ...stateArgs,
    '--plan-partitions',
    String(partitions),
  ]);
  expect(planned.stderr).not.toMatch(/CRITICAL/);
  const plan = writeJsonTemp(JSON.parse(planned.stdout), 'plan');
  const states: string[] = [];
  for (let i = 0; i < partitions; i += 1) {
    await between(i);
    states.push(writeJsonTemp((await pipe(s, ['--plan', plan, '--partition', String(i)])).state, 'state'));
  }
  const merged = await runBin('tap-postgres', ['--plan', plan, '--merge-states', ...states]);
  expect(merged.stderr).not.toMatch(/CRITICAL/);
  return JSON.parse(merged.stdout);
}

async function differences(table: string, schema: string): Promise<{ missing: number; extra: number }> {
  const rows = (relation: string): string => `SELECT ${COLUMNS.map((c) => `${c}::text`).join(', ')} FROM ${relation}`;
  const result = await db.query<{ missing: number; extra: number }>(
    `SELECT (SELECT count(*) FROM (${rows(`src.${table}`)} EXCEPT ALL ${rows(`${schema}.${table}`)}) m)::int AS missing,
            (SELECT count(*) FROM (${rows(`${schema}.${table}`)} EXCEPT ALL ${rows(`src.${table}`)}) e)::int AS extra`,
  );
  return result.rows[0];
}

const create = (table: string): string => `
  CREATE TABLE src.${table} (id int PRIMARY KEY, v text, updated_at timestamptz NOT NULL DEFAULT clock_timestamp());
  INSERT INTO src.${table} SELECT g, 'v' || g, '2024-01-01'::timestamptz + g * interval '1 s' FROM generate_series(1, 6000) g;`;

/** Writes that land in every partition's range: an update, a delete and an insert per step. */
const writes = (table: string, step: number): string => `
  UPDATE src.${table} SET v = 'changed ${step}', updated_at = clock_timestamp() WHERE id IN (${[1, 2, 3].map((k) => k * 1500 + step)});
  DELETE FROM src.${table} WHERE id = ${1000 + step};
  INSERT INTO src.${table} (id, v) VALUES (${10000 + step}, 'new ${step}');`;

beforeAll(async () => {
  await db.query('CREATE SCHEMA src');
});

describe('a table changing during a partitioned copy', () => {
  it('LOG_BASED: the slot is created at plan time; every change after it is replayed by the next run', async () => {
    await db.query(create('logged'));
    const s = await steps('dst_logged', { 'src-logged': { method: 'LOG_BASED' } });
    const merged = (await partitionedCopy(s, 3, (i) => db.query(writes('logged', i)).then(() => undefined))) as {
      bookmarks: Record<string, { lsn: number }>;
    };
    const slot = await db.query<{ lsn: string }>(
      `SELECT (confirmed_flush_lsn - '0/0')::text AS lsn FROM pg_replication_slots WHERE database = current_database()`,
    );
    expect(slot.rows.map((row) => Number(row.lsn))).toEqual([merged.bookmarks['src-logged'].lsn]);
    await db.query(writes('logged', 7));
    await pipe(s, ['--state', writeJsonTemp(merged, 'state')]);
    expect(await differences('logged', 'dst_logged')).toEqual({ missing: 0, extra: 0 });
  });

  it('LOG_BASED next to a stream the slot already streams: a temporary slot only marks the point', async () => {
    await db.query(`${create('first')} ${create('second')}`);
    const s = await steps('dst_two', { 'src-first': { method: 'LOG_BASED' }, 'src-second': { method: 'LOG_BASED' } });
    const firstOnly = await steps('dst_two', { 'src-first': { method: 'LOG_BASED' } });
    const streaming = (await pipe(firstOnly, [])).state as { bookmarks: Record<string, { lsn: number }> };
    const slotsBefore = await db.query<{ slot_name: string; lsn: string }>(
      `SELECT slot_name, confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE database = current_database() ORDER BY 1`,
    );
    const merged = (await partitionedCopy(
      s,
      2,
      (i) => db.query(`${writes('first', i)} ${writes('second', i)}`).then(() => undefined),
      streaming,
    )) as { bookmarks: Record<string, { lsn: number }> };
    expect(merged.bookmarks['src-first'].lsn).toBe(streaming.bookmarks['src-first'].lsn);
    expect(merged.bookmarks['src-second'].lsn).toBeGreaterThan(streaming.bookmarks['src-first'].lsn);
    const slotsAfter = await db.query<{ slot_name: string; lsn: string }>(
      `SELECT slot_name, confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE database = current_database() ORDER BY 1`,
    );
    expect(slotsAfter.rows).toEqual(slotsBefore.rows);
    await pipe(s, ['--state', writeJsonTemp(merged, 'state')]);
    expect(await differences('first', 'dst_two')).toEqual({ missing: 0, extra: 0 });
    expect(await differences('second', 'dst_two')).toEqual({ missing: 0, extra: 0 });
  });

  it('INCREMENTAL: the next run sends exactly the rows changed since the plan (deletes are not seen)', async () => {
    await db.query(create('stamped'));
    const s = await steps('dst_stamped', { 'src-stamped': { method: 'INCREMENTAL', replicationKey: 'updated_at' } });
    const changed = new Set<number>();
    const merged = await partitionedCopy(s, 3, async (i) => {
      await db.query(writes('stamped', i));
      [1500 + i, 3000 + i, 4500 + i, 10000 + i].forEach((id) => changed.add(id));
    });
    const next = await pipe(s, ['--state', writeJsonTemp(merged, 'state')]);
    expect([...next.records].sort((a, b) => a - b)).toEqual([...changed].sort((a, b) => a - b));
    await db.query(`DELETE FROM dst_stamped.stamped WHERE id IN (1000, 1001, 1002)`);
    expect(await differences('stamped', 'dst_stamped')).toEqual({ missing: 0, extra: 0 });
  });

  it('XMIN: the next run reads every row written since the plan snapshot', async () => {
    await db.query(create('counted'));
    const s = await steps('dst_counted', { 'src-counted': { method: 'XMIN' } });
    const merged = await partitionedCopy(s, 2, (i) => db.query(writes('counted', i)).then(() => undefined));
    const next = await pipe(s, ['--state', writeJsonTemp(merged, 'state')]);
    expect(next.records).toEqual(expect.arrayContaining([1500, 3000, 4500, 10000, 1501, 3001, 4501, 10001]));
    await db.query(`DELETE FROM dst_counted.counted WHERE id IN (1000, 1001)`);
    expect(await differences('counted', 'dst_counted')).toEqual({ missing: 0, extra: 0 });
  });
});
