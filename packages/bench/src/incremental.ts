import { selectStreams } from '@pgsinger/testkit';
import { Client } from 'pg';
import type { BenchContext } from './bench-context';
import { writeJson } from './bench-context';
import { readJson } from './prepare';
import type { Scenario } from './scenarios';

/** Rows the INCREMENTAL catch-up moves: 100,000, or every row of a smaller dataset. */
export function catchUpRows(ctx: BenchContext): number {
  return Math.min(100_000, ctx.rows);
}

const catalogFile = (ctx: BenchContext): string => `${ctx.workDir}/catalog-incremental.json`;
const stateFile = (ctx: BenchContext): string => `${ctx.workDir}/state-incremental.json`;

/**
 * Before each repetition (not timed): the state is taken at the source's newest `updated_at`, then the last
 * `catchUpRows` rows get newer, distinct `updated_at` values, so the tap reads exactly those rows.
 */
async function prepareCatchUp(ctx: BenchContext): Promise<void> {
  const catalog = selectStreams(readJson(ctx.files.fullTableCatalog), {
    'public-bench_rows': { method: 'INCREMENTAL', replicationKey: 'updated_at' },
  });
  writeJson(ctx.workDir, 'catalog-incremental.json', catalog);
  const client = new Client({ ...ctx.source, database: ctx.source.dbname });
  await client.connect();
  try {
    await client.query("SET TIME ZONE 'UTC'");
    const { rows } = await client.query<{ max: string }>('SELECT max(updated_at)::text AS max FROM public.bench_rows');
    const bookmark = rows[0].max;
    writeJson(ctx.workDir, 'state-incremental.json', {
      bookmarks: {
        'public-bench_rows': { replication_key: 'updated_at', replication_key_value: bookmark, version: 1 },
      },
    });
    await client.query(
      `UPDATE public.bench_rows SET updated_at = $1::timestamptz + interval '1 second' + id * interval '1 microsecond'
       WHERE id > $2`,
      [bookmark, ctx.rows - catchUpRows(ctx)],
    );
  } finally {
    await client.end();
  }
}

/** INCREMENTAL catch-up: tap (replication key updated_at, from the state before the update) | target. */
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
