import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import type { BenchContext } from './bench-context';
import { writeJson } from './bench-context';
import { measurePipeline, serverCpuSeconds, type PipelineCost, type ProcessCost, type Step } from './measure';
import { median, type ScenarioResult } from './report';

/** The partition counts `npm run bench` compares with the single pair. */
export const PARTITION_COUNTS = [1, 2, 4] as const;

/** One measured partitioned copy: the plan, N pairs side by side, the merge. */
interface PartitionedRun {
  readonly wallSeconds: number;
  readonly copySeconds: number;
  readonly costs: PipelineCost[];
  readonly serverCpu?: number;
}

async function dropDestination(ctx: BenchContext): Promise<void> {
  const client = new Client({ ...ctx.destination, database: ctx.destination.dbname });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${ctx.targetSchema}" CASCADE`);
  } finally {
    await client.end();
  }
}

const pair = (ctx: BenchContext, tapArgs: readonly string[], name: string): Step[] => [
  { name: `tap ${name}`, command: ctx.node, args: [ctx.tapBin, '--config', ctx.files.tapConfig, ...tapArgs] },
  { name: `target ${name}`, command: ctx.node, args: [ctx.targetBin, '--config', ctx.files.targetConfig] },
];

/** Plan, N pairs in parallel into an empty destination, merge; wall time of the three steps (docs/scale-out.md). */
async function partitionedCopy(ctx: BenchContext, partitions: number, postmaster?: number): Promise<PartitionedRun> {
  await dropDestination(ctx);
  const catalog = ['--catalog', ctx.files.fullTableCatalog];
  const cpuBefore = serverCpuSeconds(postmaster);
  const started = process.hrtime.bigint();
  const quiet = { stdio: ['ignore', 'pipe', 'pipe'] as ('ignore' | 'pipe')[], maxBuffer: 64 << 20 };
  const planArgs = [ctx.tapBin, '--config', ctx.files.tapConfig, ...catalog, '--plan-partitions', String(partitions)];
  const planText = execFileSync(ctx.node, planArgs, quiet);
  const plan = writeJson(ctx.workDir, `plan-${partitions}.json`, JSON.parse(String(planText)) as unknown);
  const copyStarted = process.hrtime.bigint();
  const outputs = Array.from({ length: partitions }, (_, i) =>
    path.join(ctx.workDir, `partition-${partitions}-${i}.out`),
  );
  const costs = await Promise.all(
    outputs.map((stdoutFile, i) =>
      measurePipeline(pair(ctx, [...catalog, '--plan', plan, '--partition', String(i)], String(i)), { stdoutFile }),
    ),
  );
  const copySeconds = Number(process.hrtime.bigint() - copyStarted) / 1e9;
  const failures = costs.flatMap((cost) => cost.failures);
  if (failures.length > 0) throw new Error(failures.join('; '));
  execFileSync(ctx.node, [ctx.tapBin, '--plan', plan, '--merge-states', ...outputs], quiet);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = serverCpuSeconds(postmaster);
  return {
    wallSeconds,
    copySeconds,
    costs,
    ...(cpuBefore === undefined || cpuAfter === undefined ? {} : { serverCpu: cpuAfter - cpuBefore }),
  };
}

/** Peak RSS (the largest) and CPU (the sum) of the taps, then of the targets, over N pairs. */
function sumCosts(costs: readonly PipelineCost[]): ProcessCost[] {
  const side = (index: number, name: string): ProcessCost => ({
    name: `${name} x${costs.length}`,
    exitCode: 0,
    peakRssMb: Math.max(...costs.map((cost) => cost.processes[index].peakRssMb)),
    cpuSeconds: costs.reduce((sum, cost) => sum + cost.processes[index].cpuSeconds, 0),
  });
  return [side(0, 'tap'), side(1, 'target')];
}

/**
 * The whole table copied by the single pair (tap | target FULL_TABLE into an empty destination), then by N = 1, 2, 4
 * partitions run side by side on this machine (plan + partitions + merge); ratio = speed-up over the single pair.
 */
export async function runPartitionsBench(
  ctx: BenchContext,
  repeat: number,
  postmaster: number | undefined,
): Promise<ScenarioResult[]> {
  const singles: PipelineCost[] = [];
  for (let i = 0; i < repeat; i += 1) {
    await dropDestination(ctx);
    singles.push(await measurePipeline(pair(ctx, ['--catalog', ctx.files.fullTableCatalog], '')));
  }
  const single = median(singles.map((cost) => cost.wallSeconds));
  const results: ScenarioResult[] = [
    {
      id: 'pair',
      title: 'the single pair: tap | target FULL_TABLE into an empty destination',
      rows: ctx.rows,
      wallSeconds: single,
      rowsPerSecond: ctx.rows / single,
      ratio: 1,
      processes: sumCosts(singles.slice(0, 1)),
    },
  ];
  for (const partitions of PARTITION_COUNTS) {
    const runs: PartitionedRun[] = [];
    for (let i = 0; i < repeat; i += 1) runs.push(await partitionedCopy(ctx, partitions, postmaster));
    const wallSeconds = median(runs.map((run) => run.wallSeconds));
    const servers = runs.flatMap((run) => (run.serverCpu === undefined ? [] : [run.serverCpu]));
    results.push({
      id: `partitions-${partitions}`,
      title: `plan + ${partitions} partition pair(s) in parallel + merge (copy alone: ${median(runs.map((r) => r.copySeconds)).toFixed(2)} s)`,
      rows: ctx.rows,
      wallSeconds,
      rowsPerSecond: ctx.rows / wallSeconds,
      ratio: single / wallSeconds,
      processes: sumCosts(runs[0].costs),
      ...(servers.length > 0 ? { serverCpuSeconds: median(servers) } : {}),
    });
  }
  return results;
}
