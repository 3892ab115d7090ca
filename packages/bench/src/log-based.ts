import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { selectStreams } from '@pgsinger/testkit';
import { Client } from 'pg';
import type { BenchContext } from './bench-context';
import { writeJson } from './bench-context';
import { measurePipeline, type PipelineCost, type Step } from './measure';
import { readJson } from './prepare';
import { median, type ScenarioResult } from './report';

const PLUGINS = ['wal2json', 'pgoutput'] as const;
type Plugin = (typeof PLUGINS)[number];

/** START_REPLICATION options pg_recvlogical gets: the same output the tap asks for. */
function recvOptions(plugin: Plugin, slot: string): string[] {
  const options =
    plugin === 'wal2json'
      ? ['format-version=2', 'include-transaction=true', 'include-timestamp=true', 'include-lsn=true']
      : ['proto_version=1', `publication_names=${slot}`];
  if (plugin === 'wal2json') options.push('include-types=false', 'add-tables=public.bench_cdc');
  return options.flatMap((option) => ['-o', option]);
}

async function onSource<T>(ctx: BenchContext, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...ctx.source, database: ctx.source.dbname });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The last line a pipeline wrote to its output file (the target's last STATE), as a state file. */
function lastState(ctx: BenchContext, output: string, name: string): string {
  const lines = readFileSync(output, 'utf8').trim().split('\n');
  return writeJson(ctx.workDir, name, JSON.parse(lines[lines.length - 1]) as unknown);
}

// A scenario's result from its runs' costs (medians; peak RSS the highest); ratio = rows/s over `base`.
export function result(id: string, title: string, rows: number, costs: PipelineCost[], base?: number): ScenarioResult {
  const wallSeconds = median(costs.map((c) => c.wallSeconds));
  const failures = costs.flatMap((c) => c.failures);
  return {
    id,
    title,
    rows,
    wallSeconds,
    rowsPerSecond: rows / wallSeconds,
    ratio: base === undefined ? 1 : rows / wallSeconds / base,
    processes: costs[0].processes.map((p, i) => ({
      ...p,
      peakRssMb: Math.max(...costs.map((c) => c.processes[i].peakRssMb)),
      cpuSeconds: median(costs.map((c) => c.processes[i].cpuSeconds)),
    })),
    ...(failures.length > 0 ? { error: failures.join('; ') } : {}),
  };
}

/**
 * One repetition's `changes` changes in one transaction, on a table that keeps `changes` rows: the lowest fifth of the
 * ids deleted, as many new ids inserted above the highest, and every other row (three fifths) updated.
 */
export function mixedChangesSql(changes: number): string {
  const fifth = Math.floor(changes / 5);
  const updates = changes - 2 * fifth;
  return `BEGIN;
    DELETE FROM public.bench_cdc WHERE id IN (SELECT id FROM public.bench_cdc ORDER BY id LIMIT ${fifth});
    INSERT INTO public.bench_cdc SELECT m + g, 'value ' || (m + g), 0, now()
      FROM (SELECT max(id) AS m FROM public.bench_cdc) AS top, generate_series(1, ${fifth}) AS g;
    UPDATE public.bench_cdc SET n = n + 1, t = now()
      WHERE id IN (SELECT id FROM public.bench_cdc ORDER BY id LIMIT ${updates});
    COMMIT`;
}

/**
 * LOG_BASED: `changes` changes (updates, inserts and deletes mixed, see `mixedChangesSql`) applied through tap | target
 * from the previous state, per plugin, beside pg_recvlogical decoding the same changes from its own slot to /dev/null;
 * ratio = tap|target changes/s over pg_recvlogical's.
 */
export async function runLogBasedBench(ctx: BenchContext, changes: number, repeat: number): Promise<ScenarioResult[]> {
  await onSource(ctx, (client) =>
    client.query(`DROP TABLE IF EXISTS public.bench_cdc;
      CREATE TABLE public.bench_cdc (id bigint PRIMARY KEY, v text, n int, t timestamptz);
      INSERT INTO public.bench_cdc SELECT g, 'value ' || g, 0, now() FROM generate_series(1, ${changes}) g`),
  );
  const recvlogical = path.join(path.dirname(ctx.psql), 'pg_recvlogical');
  const base = readJson(ctx.files.tapConfig) as Record<string, unknown>;
  const discovered = execFileSync(ctx.node, [ctx.tapBin, '--config', ctx.files.tapConfig, '--discover'], {
    maxBuffer: 256 * 1024 * 1024,
  });
  const catalog = writeJson(
    ctx.workDir,
    'catalog-cdc.json',
    selectStreams(JSON.parse(String(discovered)), { 'public-bench_cdc': { method: 'LOG_BASED' } }),
  );
  const results: ScenarioResult[] = [];
  for (const plugin of PLUGINS) {
    const slot = `bench_${plugin}`;
    const recvSlot = `bench_recv_${plugin}`;
    const tapConfig = writeJson(ctx.workDir, `tap-${plugin}.json`, {
      ...base,
      logical_decoding_plugin: plugin,
      slot_name: slot,
    });
    const output = path.join(ctx.workDir, `state-out-${plugin}.jsonl`);
    const pipeline = (state?: string): Step[] => [
      {
        name: 'tap',
        command: ctx.node,
        args: [ctx.tapBin, '--config', tapConfig, '--catalog', catalog, ...(state ? ['--state', state] : [])],
      },
      { name: 'target', command: ctx.node, args: [ctx.targetBin, '--config', ctx.files.targetConfig] },
    ];
    const initial = await measurePipeline(pipeline(), { stdoutFile: output });
    if (initial.failures.length > 0)
      throw new Error(`LOG_BASED ${plugin} initial sync: ${initial.failures.join('; ')}`);
    let state = lastState(ctx, output, `state-${plugin}.json`);
    await onSource(ctx, (client) =>
      client.query('SELECT pg_create_logical_replication_slot($1, $2)', [recvSlot, plugin]),
    );
    const recvCosts: PipelineCost[] = [];
    const tapCosts: PipelineCost[] = [];
    const tapAloneCosts: PipelineCost[] = [];
    for (let i = 0; i < repeat; i++) {
      const end = await onSource(ctx, async (client) => {
        await client.query(mixedChangesSql(changes));
        return (await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0].lsn;
      });
      const conn = `host=${ctx.source.host} port=${ctx.source.port} user=${ctx.source.user} dbname=${ctx.source.dbname}`;
      recvCosts.push(
        await measurePipeline([
          {
            name: 'pg_recvlogical',
            command: recvlogical,
            args: [
              '-d',
              conn,
              '--slot',
              recvSlot,
              '--start',
              '-E',
              end,
              '-f',
              '/dev/null',
              ...recvOptions(plugin, slot),
            ],
            env: ctx.source.password === undefined ? {} : { PGPASSWORD: ctx.source.password },
          },
        ]),
      );
      // The tap confirms only the position of the state it starts from: the same changes can be read twice.
      tapAloneCosts.push(await measurePipeline(pipeline(state).slice(0, 1)));
      tapCosts.push(await measurePipeline(pipeline(state), { stdoutFile: output }));
      state = lastState(ctx, output, `state-${plugin}.json`);
    }
    await onSource(ctx, (client) => client.query('SELECT pg_drop_replication_slot($1)', [recvSlot]));
    const baseline = result(
      `recvlogical-${plugin}`,
      `pg_recvlogical ${plugin} > /dev/null (baseline)`,
      changes,
      recvCosts,
    );
    results.push(baseline);
    results.push(
      result(`tap-${plugin}`, `tap LOG_BASED ${plugin} > /dev/null`, changes, tapAloneCosts, baseline.rowsPerSecond),
    );
    results.push(
      result(`log-based-${plugin}`, `tap | target LOG_BASED ${plugin}`, changes, tapCosts, baseline.rowsPerSecond),
    );
  }
  return results;
}
