import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  binPath,
  discoverCatalog,
  runPipeline,
  selectStreams,
  startSlurm,
  testDatabase,
  writeJsonTemp,
  type SlurmCluster,
  type StreamChoice,
} from '@pgsinger/testkit';
import { writeFileSync } from 'node:fs';

// A partitioned first copy run by a real engine: the three steps of docs/scale-out.md as Slurm jobs (the scripts of
// examples/scale-out/slurm), one partition killed mid-run and run again, then a normal run from the merged state.

const db = testDatabase({ prefix: 'e2e_scale_out' });
const SCRIPTS = path.join(__dirname, '..', '..', 'examples', 'scale-out', 'slurm');
const PARTITIONS = 4;
const VICTIM = 2;
const DENSE = 300_000;
const SPARSE = 100_000;
const COLUMNS = ['id', 'name', 'amount', 'updated_at'];
let slurm: SlurmCluster;

beforeAll(async () => {
  slurm = await startSlurm();
  await db.query('CREATE SCHEMA src');
}, 60_000);

afterAll(async () => {
  await slurm?.stop();
});

/** 400,000 rows on a skewed key: 300,000 dense ids, then 100,000 spread over a billion. */
async function createSource(table: string): Promise<void> {
  await db.query(`
    CREATE TABLE src.${table} (id bigint PRIMARY KEY, name text, amount numeric(12,2), updated_at timestamptz NOT NULL);
    INSERT INTO src.${table} SELECT g, 'row "' || g || E'"\\n', g % 1000 + 0.5, '2024-01-01'::timestamptz + g * interval '1 ms'
      FROM generate_series(1, ${DENSE}) g;
    INSERT INTO src.${table} SELECT 1000000000 + g * 10000, NULL, 1.10, '2024-06-01'::timestamptz + g * interval '1 ms'
      FROM generate_series(1, ${SPARSE}) g;
    ANALYZE src.${table};`);
}

/** Source rows missing from the destination and destination rows not in the source, compared as text. */
async function textDifferences(table: string): Promise<{ missing: number; extra: number }> {
  const rows = (relation: string): string =>
    `SELECT ${COLUMNS.map((column) => `${column}::text`).join(', ')} FROM ${relation}`;
  const source = `src.${table}`;
  const destination = `dst_${table}.${table}`;
  const result = await db.query<{ missing: number; extra: number }>(
    `SELECT (SELECT count(*) FROM (${rows(source)} EXCEPT ALL ${rows(destination)}) m)::int AS missing,
            (SELECT count(*) FROM (${rows(destination)} EXCEPT ALL ${rows(source)}) e)::int AS extra`,
  );
  return result.rows[0];
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const lines = (file: string): string[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
    : [];

interface Flow {
  readonly dir: string;
  readonly tapConfig: string;
  readonly targetConfig: string;
  readonly catalog: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Writes DIR (configs, catalog) for one table and method. */
async function prepareFlow(table: string, choice: StreamChoice): Promise<Flow> {
  const dir = mkdtempSync(path.join(tmpdir(), `pgsinger-scale-out-${table}-`));
  const tapConfig = path.join(dir, 'tap.json');
  const targetConfig = path.join(dir, 'target.json');
  const catalog = path.join(dir, 'catalog.json');
  writeFileSync(tapConfig, JSON.stringify({ ...db.settings, filter_schemas: 'src', itersize: 5000 }));
  writeFileSync(
    targetConfig,
    JSON.stringify({
      ...db.settings,
      default_target_schema: `dst_${table}`,
      activate_version: 'hard',
      hard_delete: true,
    }),
  );
  const discovered = await discoverCatalog(writeJsonTemp({ ...db.settings, filter_schemas: 'src' }, 'config'));
  writeFileSync(catalog, JSON.stringify(selectStreams(discovered, { [`src-${table}`]: choice })));
  const env = { TAP_POSTGRES_BIN: binPath('tap-postgres'), TARGET_POSTGRES_BIN: binPath('target-postgres') };
  return { dir, tapConfig, targetConfig, catalog, env };
}

/**
 * submit.sh on Slurm; partition VICTIM is SIGKILLed once it has committed a checkpoint, so Slurm cancels the merge;
 * then that partition runs again (resuming from its output) and the merge follows, as docs/scale-out.md says.
 */
async function copyOnSlurm(flow: Flow): Promise<Record<string, unknown>> {
  const submitted = await slurm.command(path.join(SCRIPTS, 'submit.sh'), [flow.dir, String(PARTITIONS)], flow.env);
  const ids = /plan (\d+) partitions (\d+) merge (\d+)/.exec(submitted);
  if (ids === null) throw new Error(`submit.sh printed ${submitted}`);
  const victimOutput = path.join(flow.dir, `state-${VICTIM}.jsonl`);
  await waitFor(() => lines(victimOutput).length > 0, `a checkpoint of partition ${VICTIM}`);
  await slurm.command('scancel', ['--signal=KILL', '--full', `${ids[2]}_${VICTIM}`]);
  await slurm.idle();
  const killedAt = JSON.parse(lines(victimOutput).pop() ?? '{}') as {
    bookmarks: Record<string, { partition?: unknown }>;
  };
  expect(Object.values(killedAt.bookmarks).map((bookmark) => bookmark.partition)).toEqual([
    expect.objectContaining({ index: VICTIM, complete: false }),
  ]);
  expect(existsSync(path.join(flow.dir, 'state.json'))).toBe(false); // the merge was cancelled
  for (let i = 0; i < PARTITIONS; i += 1) {
    if (i === VICTIM) continue;
    expect(JSON.parse(lines(path.join(flow.dir, `state-${i}.jsonl`)).pop() ?? '{}')).toMatchObject({
      bookmarks: { [Object.keys(killedAt.bookmarks)[0]]: { partition: { index: i, complete: true } } },
    });
  }
  const again = (
    await slurm.command(
      'sbatch',
      [
        '--parsable',
        `--output=${path.join(flow.dir, 'again-%a.log')}`,
        `--array=${VICTIM}`,
        path.join(SCRIPTS, 'partition.sh'),
        flow.dir,
      ],
      flow.env,
    )
  ).trim();
  await slurm.command(
    'sbatch',
    [
      '--parsable',
      `--output=${path.join(flow.dir, 'merge-again.log')}`,
      '--wait',
      `--dependency=afterok:${again}`,
      path.join(SCRIPTS, 'merge.sh'),
      flow.dir,
      String(PARTITIONS),
    ],
    flow.env,
  );
  const resumed = lines(victimOutput).map(
    (line) => JSON.parse(line) as { bookmarks: Record<string, Record<string, unknown>> },
  );
  expect(resumed.length).toBeGreaterThan(1);
  return JSON.parse(readFileSync(path.join(flow.dir, 'state.json'), 'utf8')) as Record<string, unknown>;
}

/** Rows of the source in each partition's range of the plan. */
async function rowsPerRange(flow: Flow, table: string): Promise<number[]> {
  const plan = JSON.parse(readFileSync(path.join(flow.dir, 'plan.json'), 'utf8')) as {
    streams: { ranges: ({ from?: string[]; to?: string[] } | null)[] }[];
  };
  const counts: number[] = [];
  for (const range of plan.streams[0].ranges) {
    const where = [
      range?.from === undefined ? 'true' : `id >= ${Number(range.from[0])}`,
      range?.to === undefined ? 'true' : `id < ${Number(range.to[0])}`,
    ].join(' AND ');
    counts.push(
      range === null
        ? 0
        : (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM src.${table} WHERE ${where}`)).rows[0].n,
    );
  }
  return counts;
}

async function normalRun(flow: Flow, state: unknown): Promise<Record<string, Record<string, unknown>>> {
  const result = await runPipeline({
    tapArgs: ['--config', flow.tapConfig, '--catalog', flow.catalog, '--state', writeJsonTemp(state, 'state')],
    targetArgs: ['--config', flow.targetConfig],
    timeoutMs: 120_000,
  });
  expect({ tap: result.tap.code, target: result.target.code }).toEqual({ tap: 0, target: 0 });
  const last = result.target.stdout.trim().split('\n').pop() ?? '{}';
  return (JSON.parse(last) as { bookmarks: Record<string, Record<string, unknown>> }).bookmarks;
}

const CHANGES = (table: string): string => `
  INSERT INTO src.${table} VALUES (-5, 'new', 0.01, '2030-01-01'), (2000000000000, 'new', 99.99, '2030-01-01');
  UPDATE src.${table} SET name = 'changed', updated_at = '2030-01-02' WHERE id IN (7, 150000, 1000050000);
  DELETE FROM src.${table} WHERE id IN (8, 1000060000);`;

describe.each([
  ['lb', { method: 'LOG_BASED' } as StreamChoice],
  ['inc', { method: 'INCREMENTAL', replicationKey: 'updated_at' } as StreamChoice],
  ['ft', { method: 'FULL_TABLE' } as StreamChoice],
])('scale-out on Slurm: %s', (table, choice) => {
  it(`copies 400,000 skewed rows in ${PARTITIONS} balanced partitions, one killed and resumed; a normal run continues`, async () => {
    await createSource(table);
    const flow = await prepareFlow(table, choice);
    const merged = (await copyOnSlurm(flow)) as { bookmarks: Record<string, Record<string, unknown>> };
    const counts = await rowsPerRange(flow, table);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(DENSE + SPARSE);
    for (const count of counts) expect(count / (DENSE + SPARSE)).toBeGreaterThan(0.15);
    expect(await textDifferences(table)).toEqual({ missing: 0, extra: 0 });
    const bookmark = merged.bookmarks[`src-${table}`];
    expect(bookmark).toMatchObject({
      last_replication_method: choice.method,
      pending_activate_version: bookmark.version,
    });
    if (choice.method === 'LOG_BASED') expect(bookmark.lsn).toEqual(expect.any(Number));

    // Changes during and after the copy, then a normal run from the merged state.
    await db.query(CHANGES(table));
    const next = await normalRun(flow, merged);
    expect(next[`src-${table}`].pending_activate_version).toBeUndefined();
    if (choice.method === 'INCREMENTAL') {
      // INCREMENTAL sees no deletes: the two deleted rows stay, everything else is equal.
      await db.query(`DELETE FROM dst_${table}.${table} WHERE id IN (8, 1000060000)`);
    }
    expect(await textDifferences(table)).toEqual({ missing: 0, extra: 0 });
    const versions = await db.query<{ n: number }>(
      `SELECT count(DISTINCT _sdc_table_version)::int AS n FROM dst_${table}.${table}`,
    );
    expect(versions.rows[0].n).toBe(1);
  }, 300_000);
});
