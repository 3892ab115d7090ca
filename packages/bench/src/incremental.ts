import { Client } from 'pg';
import { selectStreams } from '@pgsinger/testkit';
import type { BenchContext } from './bench-context';
import { psqlArgs, psqlEnv, writeJson } from './bench-context';
import { measurePipeline } from './measure';
import { readJson } from './prepare';
import type { Scenario } from './scenarios';

/** Rows the INCREMENTAL catch-up moves: `--catch-up N` (default 100,000), at most every row of the dataset. */
export function catchUpRows(ctx: BenchContext): number {
  return Math.min(ctx.catchUpRows ?? 100_000, ctx.rows);
}

const catalogFile = (ctx: BenchContext): string => `${ctx.workDir}/catalog-incremental.json`;
const stateFile = (ctx: BenchContext): string => `${ctx.workDir}/state-incremental.json`;
const bookmarkFile = (ctx: BenchContext): string => `${ctx.workDir}/bookmark-incremental.txt`;
/** The baseline's scratch table on the destination (public: the target loads into its own schema). */
const SCRATCH = 'public.bench_catch_up';

async function onDatabase<T>(settings: BenchContext['source'], fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...settings, database: settings.dbname });
  await client.connect();
  try {
    await client.query("SET TIME ZONE 'UTC'");
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * The target's table must hold every row before the catch-up, so the catch-up is an upsert into a full table as it
 * is in production; when an earlier scenario did not fill it (`--only incremental`), one untimed FULL_TABLE run does.
 */
async function fillDestination(ctx: BenchContext): Promise<void> {
  const table = `"${ctx.targetSchema}".bench_rows`;
  const count = await onDatabase(ctx.destination, async (client) => {
    const exists = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]);
    if (exists.rows[0].t === null) return 0;
    return Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  });
  if (count === ctx.rows) return;
  process.stderr.write(`bench: filling ${table} for the catch-up (untimed)…\n`);
  const fill = await measurePipeline([
    {
      name: 'tap',
      command: ctx.node,
      args: [ctx.tapBin, '--config', ctx.files.tapConfig, '--catalog', ctx.files.fullTableCatalog],
    },
    { name: 'target', command: ctx.node, args: [ctx.targetBin, '--config', ctx.files.targetConfig] },
  ]);
  if (fill.failures.length > 0) throw new Error(`Filling the destination failed: ${fill.failures.join('; ')}`);
}

/**
 * Before each repetition (not timed): the state is taken at the source's newest `updated_at`, then the last
 * `catchUpRows` rows get newer, distinct `updated_at` values, so the tap reads exactly those rows.
 */
async function prepareCatchUp(ctx: BenchContext): Promise<void> {
  await fillDestination(ctx);
  const catalog = selectStreams(readJson(ctx.files.fullTableCatalog), {
    'public-bench_rows': { method: 'INCREMENTAL', replicationKey: 'updated_at' },
  });
  writeJson(ctx.workDir, 'catalog-incremental.json', catalog);
  await onDatabase(ctx.source, async (client) => {
    const { rows } = await client.query<{ max: string }>('SELECT max(updated_at)::text AS max FROM public.bench_rows');
    const bookmark = rows[0].max;
    writeJson(ctx.workDir, 'state-incremental.json', {
      bookmarks: {
        'public-bench_rows': { replication_key: 'updated_at', replication_key_value: bookmark, version: 1 },
      },
    });
    writeJson(ctx.workDir, 'bookmark-incremental.txt', bookmark);
    await client.query(
      `UPDATE public.bench_rows SET updated_at = $1::timestamptz + interval '1 second' + id * interval '1 microsecond'
       WHERE id > $2`,
      [bookmark, ctx.rows - catchUpRows(ctx)],
    );
  });
}

/** The changed rows' bookmark, as a SQL literal for the baseline's `\copy (select …)` (psql takes no parameters). */
function bookmarkLiteral(ctx: BenchContext): string {
  return `'${String(readJson(bookmarkFile(ctx))).replace(/'/g, "''")}'`;
}

/**
 * The INCREMENTAL baseline: the same changed rows through the raw COPY text pipe, `\copy (select … where updated_at >
 * bookmark) to stdout | \copy … from stdin`, into an emptied scratch table of the same shape on the destination.
 */
export const INCREMENTAL_COPY_PIPE: Scenario = {
  id: 'incremental-copy',
  title: 'psql \\copy (changed rows) | psql \\copy from stdin (INCREMENTAL baseline)',
  rows: catchUpRows,
  prepareDestination: () =>
    `CREATE TABLE IF NOT EXISTS ${SCRATCH} (LIKE public.bench_rows INCLUDING ALL); TRUNCATE ${SCRATCH}`,
  prepare: prepareCatchUp,
  steps: (ctx) => [
    {
      name: 'psql out',
      command: ctx.psql,
      args: psqlArgs(
        ctx.source,
        `\\copy (select * from public.bench_rows where updated_at > ${bookmarkLiteral(ctx)}::timestamptz order by updated_at) to stdout`,
      ),
      env: psqlEnv(ctx.source),
    },
    {
      name: 'psql in',
      command: ctx.psql,
      args: psqlArgs(ctx.destination, `\\copy ${SCRATCH} from stdin`),
      env: psqlEnv(ctx.destination),
    },
  ],
  destinationCount: () => `SELECT count(*) AS count FROM ${SCRATCH}`,
};

/** INCREMENTAL catch-up: tap (replication key updated_at, from the state before the update) | target (upsert). */
export const INCREMENTAL_CATCH_UP: Scenario = {
  id: 'incremental',
  title: 'tap | target INCREMENTAL catch-up of updated rows',
  rows: catchUpRows,
  prepare: prepareCatchUp,
  steps: (ctx) => [
    {
      name: 'tap',
      command: ctx.node,
      args: [ctx.tapBin, '--config', ctx.files.tapConfig, '--catalog', catalogFile(ctx), '--state', stateFile(ctx)],
    },
    { name: 'target', command: ctx.node, args: [ctx.targetBin, '--config', ctx.files.targetConfig] },
  ],
};
