import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pipelinewiseVenv, selectStreams } from '@pgsinger/testkit';
import type { PythonVenv } from '@pgsinger/testkit';
import type { BenchContext } from './bench-context';
import { writeJson } from './bench-context';
import type { Scenario } from './scenarios';

/** The other tools `npm run bench` can measure beside ours in the same run (`--peers`). */
export const PEER_NAMES = ['pgcopydb', 'pipelinewise'] as const;
export type PeerName = (typeof PEER_NAMES)[number];

/** Whether a `--peers` value names a peer (not `none`). */
export function isPeerName(name: string): name is PeerName {
  return (PEER_NAMES as readonly string[]).includes(name);
}

/** Job counts pgcopydb runs with (`--table-jobs`). */
const PGCOPYDB_JOBS = [1, 2] as const;
/** Schema pipelinewise's target loads into (ours loads into ctx.targetSchema, the COPY pipe into public). */
const PIPELINEWISE_SCHEMA = 'pipelinewise_loaded';

const url = (ctx: BenchContext, which: 'source' | 'destination'): string => ctx.server.url(ctx[which].dbname);

/**
 * pgcopydb (Debian package `pgcopydb`) copying public.bench_rows into the empty same-named table of the destination,
 * as `copy table-data` does: one COPY per table (job) inside an exported snapshot.
 */
function pgcopydb(jobs: number): Scenario {
  const workDir = (ctx: BenchContext): string => path.join(ctx.workDir, `pgcopydb-${jobs}`);
  const filters = (ctx: BenchContext): string => path.join(ctx.workDir, 'pgcopydb-filters.ini');
  return {
    id: `pgcopydb-${jobs}`,
    title: `pgcopydb copy table-data --table-jobs ${jobs} into an empty table`,
    rows: (ctx) => ctx.rows,
    prepareDestination: () => 'TRUNCATE public.bench_rows',
    destinationCount: () => 'SELECT count(*) FROM public.bench_rows',
    prepare: (ctx) => {
      // A fresh work directory each time: pgcopydb would otherwise resume (and skip) the copy it finished.
      rmSync(workDir(ctx), { recursive: true, force: true });
      writeFileSync(filters(ctx), '[include-only-table]\npublic.bench_rows\n');
      return Promise.resolve();
    },
    steps: (ctx) => [
      {
        name: 'pgcopydb',
        command: 'pgcopydb',
        args: [
          ...['copy', 'table-data', '--source', url(ctx, 'source'), '--target', url(ctx, 'destination')],
          ...['--dir', workDir(ctx), '--table-jobs', String(jobs), '--filters', filters(ctx)],
        ],
      },
    ],
  };
}

/** pipelinewise's tap | target (pinned in a cached virtualenv), FULL_TABLE from its own discovery into an empty schema. */
function pipelinewise(): Scenario {
  let venv: PythonVenv | undefined;
  const files = (ctx: BenchContext) => ({
    tapConfig: path.join(ctx.workDir, 'pipelinewise-tap.json'),
    targetConfig: path.join(ctx.workDir, 'pipelinewise-target.json'),
    catalog: path.join(ctx.workDir, 'pipelinewise-catalog.json'),
  });
  const bin = (name: string): string => {
    if (venv === undefined) throw new Error('pipelinewise: the virtualenv was not prepared');
    return venv.bin(name);
  };
  return {
    id: 'pipelinewise',
    title: "pipelinewise's tap-postgres | target-postgres FULL_TABLE into an empty schema",
    rows: (ctx) => ctx.rows,
    prepareDestination: () => `DROP SCHEMA IF EXISTS "${PIPELINEWISE_SCHEMA}" CASCADE`,
    destinationCount: () => `SELECT count(*) FROM "${PIPELINEWISE_SCHEMA}".bench_rows`,
    prepare: async (ctx) => {
      if (venv !== undefined) return;
      venv = await pipelinewiseVenv();
      const { host, port, user, password, dbname } = ctx.source;
      writeJson(ctx.workDir, 'pipelinewise-tap.json', { host, port, user, password, dbname, filter_schemas: 'public' });
      writeJson(ctx.workDir, 'pipelinewise-target.json', {
        ...ctx.destination,
        default_target_schema: PIPELINEWISE_SCHEMA,
      });
      const discovered = execFileSync(bin('tap-postgres'), ['--config', files(ctx).tapConfig, '--discover'], {
        maxBuffer: 64 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const catalog = selectStreams(JSON.parse(String(discovered)) as unknown, {
        'public-bench_rows': { method: 'FULL_TABLE' },
      });
      writeJson(ctx.workDir, 'pipelinewise-catalog.json', catalog);
    },
    steps: (ctx) => [
      {
        name: 'pw tap',
        command: bin('tap-postgres'),
        args: ['--config', files(ctx).tapConfig, '--catalog', files(ctx).catalog],
      },
      { name: 'pw target', command: bin('target-postgres'), args: ['--config', files(ctx).targetConfig] },
    ],
  };
}

/** The peer scenarios of the chosen peers, in the order they run. */
export function peerScenarios(peers: readonly PeerName[]): Scenario[] {
  return [
    ...(peers.includes('pgcopydb') ? PGCOPYDB_JOBS.map(pgcopydb) : []),
    ...(peers.includes('pipelinewise') ? [pipelinewise()] : []),
  ];
}
