import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import yargs from 'yargs';
import { startPostgres } from '@pgsinger/testkit';
import type { PgServer } from '@pgsinger/testkit';
import type { BenchContext } from './bench-context';
import { serverCpuSeconds, measurePipeline } from './measure';
import type { PipelineCost } from './measure';
import { runLogBasedBench } from './log-based';
import { prepareBench } from './prepare';
import { formatTable, median, renderChart } from './report';
import type { ScenarioResult } from './report';
import { catchUpRows, INCREMENTAL_CATCH_UP, INCREMENTAL_COPY_PIPE } from './incremental';
import { runPartitionsBench } from './partitions';
import { COPY_PIPE, SCENARIOS } from './scenarios';
import { isPeerName, PEER_NAMES, peerScenarios } from './peers';
import { peerRatios } from './peer-ratios';
import { describeServerProfile, SERVER_PROFILES, serverProfileConfig } from './server-profile';
import type { ServerProfile } from './server-profile';
import { runStatePerRecordBench, STATE_PER_RECORD } from './state-per-record';
import type { Scenario } from './scenarios';

const RESULTS_DIR = path.resolve(__dirname, '..', '..', '..', 'bench', 'results');

/** `npm run bench`: provisions PostgreSQL, loads the dataset, runs every scenario and prints the table. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const args = await yargs(argv)
    .option('rows', { type: 'number', default: 1_000_000, describe: 'rows in public.bench_rows' })
    .option('repeat', { type: 'number', default: 1, describe: 'repetitions per scenario (the median is reported)' })
    .option('only', { type: 'array', string: true, describe: 'scenario ids to run (the baseline always runs)' })
    .option('write', { type: 'boolean', default: true, describe: 'write bench/results/<date>.json and .svg' })
    .option('changes', {
      type: 'number',
      alias: 'updates',
      describe:
        'LOG_BASED: changes per run, one transaction: 3/5 updates, 1/5 inserts, 1/5 deletes (default 100,000, at most --rows; 0 = skip)',
    })
    .option('catch-up', {
      type: 'number',
      describe: 'INCREMENTAL: changed rows the catch-up moves (default 100,000, at most --rows)',
    })
    .option('peers', {
      type: 'array',
      string: true,
      choices: [...PEER_NAMES, 'none'],
      default: [...PEER_NAMES],
      describe: 'other tools measured in the same run (none: skip them)',
    })
    .option('server-profile', {
      choices: SERVER_PROFILES,
      default: SERVER_PROFILES[0],
      describe: 'tuned: shared_buffers 1GB, max_wal_size 8GB; default: stock settings (fsync on in both)',
    })
    .strict()
    .parseAsync();
  const profile = describeServerProfile(args.serverProfile);
  const server = await startBenchServer(args.serverProfile);
  let ctx: BenchContext | undefined;
  try {
    process.stderr.write(`bench: loading ${args.rows.toLocaleString('en-US')} rows…\n`);
    ctx = { ...(await prepareBench(server, args.rows)), catchUpRows: args.catchUp };
    const wanted = SCENARIOS.filter((s) => !args.only || args.only.includes(s.id));
    const baseline = await runScenario(ctx, COPY_PIPE, args.repeat, undefined);
    const results = [baseline];
    for (const scenario of wanted) results.push(await runScenario(ctx, scenario, args.repeat, baseline.rowsPerSecond));
    let table = formatTable(results);
    const peers = peerScenarios(args.peers.flatMap((name) => (isPeerName(name) ? [name] : []))).filter(
      (s) => !args.only || args.only.includes(s.id),
    );
    if (peers.length > 0) {
      const measured: ScenarioResult[] = [];
      for (const peer of peers) measured.push(await runScenario(ctx, peer, args.repeat, baseline.rowsPerSecond));
      results.push(...measured);
      table += `\n\nPeers: FULL_TABLE into an empty table (ratio: rows/s over the COPY pipe's)\n${formatTable(measured)}`;
      table += peerRatios(
        results.find((r) => r.id === 'e2e-empty'),
        measured,
      );
    }
    if (!args.only || args.only.includes(INCREMENTAL_CATCH_UP.id)) {
      const copy = await runScenario(ctx, INCREMENTAL_COPY_PIPE, args.repeat, undefined);
      const catchUp = await runScenario(ctx, INCREMENTAL_CATCH_UP, args.repeat, copy.rowsPerSecond);
      results.push(copy, catchUp);
      table += `\n\nINCREMENTAL catch-up of ${catchUpRows(ctx).toLocaleString('en-US')} changed rows into the full table (ratio: rows/s over the COPY pipe of the same rows)\n${formatTable([copy, catchUp])}`;
    }
    const changes = Math.min(args.changes ?? 100_000, args.rows);
    if (changes > 0 && (!args.only || args.only.includes('log-based'))) {
      process.stderr.write('bench: log-based…\n');
      const cdc = await runLogBasedBench(ctx, changes, args.repeat);
      results.push(...cdc);
      table += `\n\nLOG_BASED, ${changes.toLocaleString('en-US')} changes: 3/5 updates, 1/5 inserts, 1/5 deletes (ratio: changes/s over pg_recvlogical's)\n${formatTable(cdc)}`;
    }
    if (!args.only || args.only.includes('partitions')) {
      process.stderr.write('bench: partitions…\n');
      const split = await runPartitionsBench(ctx, args.repeat, postmasterPid(ctx.server)).catch(
        (error: unknown): ScenarioResult[] => [failedScenario('partitions', error)],
      );
      results.push(...split);
      table += `\n\nPartitions: the first copy split across N pairs side by side (ratio: speed-up over the single pair)\n${formatTable(split)}`;
    }
    if (!args.only || args.only.includes(STATE_PER_RECORD)) {
      process.stderr.write(`bench: ${STATE_PER_RECORD}…\n`);
      const states = await runStatePerRecordBench(ctx, args.repeat).catch((error: unknown): ScenarioResult[] => [
        failedScenario(STATE_PER_RECORD, error),
      ]);
      results.push(...states);
      table += `\n\nA STATE after every RECORD (ratio: rows/s over the same records with one STATE)\n${formatTable(states)}`;
    }
    process.stdout.write(`\n${table}\n\nrows=${args.rows} repeat=${args.repeat} node=${process.version}\n${profile}\n`);
    if (args.write) writeResults(results, args.rows, args.repeat, `${table}\n\n${profile}`);
    const failed = results.filter((r) => r.error);
    if (failed.length > 0) {
      for (const r of failed) process.stderr.write(`bench: ${r.id} failed: ${r.error}\n`);
      process.exitCode = 1;
    }
  } finally {
    if (ctx) rmSync(ctx.workDir, { recursive: true, force: true });
    await server.stop();
  }
}

function failedScenario(id: string, error: unknown): ScenarioResult {
  const message = error instanceof Error ? error.message : String(error);
  return { id, title: id, rows: 0, wallSeconds: 0, rowsPerSecond: 0, ratio: 0, processes: [], error: message };
}

async function startBenchServer(profile: ServerProfile): Promise<PgServer> {
  const env = { ...process.env };
  // The benchmark uses BENCH_DATABASE_URL or its own cluster, never the test suite's server.
  delete env.TEST_DATABASE_URL;
  delete env.PGHOST;
  if (process.env.BENCH_DATABASE_URL) env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  return startPostgres({
    env,
    serverConfig: serverProfileConfig(profile),
  });
}

async function runScenario(
  ctx: BenchContext,
  scenario: Scenario,
  repeat: number,
  baselineRowsPerSecond: number | undefined,
): Promise<ScenarioResult> {
  process.stderr.write(`bench: ${scenario.id}…\n`);
  const runs: { cost: PipelineCost; serverCpu: number | undefined }[] = [];
  for (let i = 0; i < repeat; i++) {
    if (scenario.prepareDestination) await onDestination(ctx, scenario.prepareDestination(ctx));
    if (scenario.prepare) await scenario.prepare(ctx);
    const cpuBefore = serverCpuSeconds(postmasterPid(ctx.server));
    const cost = await measurePipeline(scenario.steps(ctx), scenario.ends?.(ctx));
    const cpuAfter = serverCpuSeconds(postmasterPid(ctx.server));
    const failures = [...cost.failures, ...(await countMismatch(ctx, scenario))];
    if (failures.length > 0) {
      return {
        id: scenario.id,
        title: scenario.title,
        rows: 0,
        wallSeconds: 0,
        rowsPerSecond: 0,
        ratio: 0,
        processes: cost.processes,
        error: failures.join('; '),
      };
    }
    runs.push({
      cost,
      serverCpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
    });
  }
  const wallSeconds = median(runs.map((r) => r.cost.wallSeconds));
  const rows = scenario.rows(ctx);
  const rowsPerSecond = rows / wallSeconds;
  const processes = runs[0].cost.processes.map((p, index) => ({
    name: p.name,
    exitCode: 0,
    peakRssMb: Math.max(...runs.map((r) => r.cost.processes[index].peakRssMb)),
    cpuSeconds: median(runs.map((r) => r.cost.processes[index].cpuSeconds)),
  }));
  const serverCpus = runs.flatMap((r) => (r.serverCpu === undefined ? [] : [r.serverCpu]));
  return {
    id: scenario.id,
    title: scenario.title,
    rows,
    wallSeconds,
    rowsPerSecond,
    ratio: baselineRowsPerSecond === undefined ? 1 : rowsPerSecond / baselineRowsPerSecond,
    processes,
    ...(serverCpus.length > 0 ? { serverCpuSeconds: median(serverCpus) } : {}),
  };
}

function postmasterPid(server: PgServer): number | undefined {
  return 'pid' in server && typeof server.pid === 'number' ? server.pid : undefined;
}

async function onDestination(ctx: BenchContext, sql: string): Promise<{ count?: string }[]> {
  const client = new Client({ ...ctx.destination, database: ctx.destination.dbname });
  await client.connect();
  try {
    return (await client.query<{ count?: string }>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A failure when the scenario's destination does not hold the rows it should have moved (a peer that copied none). */
async function countMismatch(ctx: BenchContext, scenario: Scenario): Promise<string[]> {
  if (!scenario.destinationCount) return [];
  const [row] = await onDestination(ctx, scenario.destinationCount(ctx));
  const count = Number(row?.count);
  return count === scenario.rows(ctx) ? [] : [`${scenario.id} left ${count} rows, not ${scenario.rows(ctx)}`];
}

function writeResults(results: readonly ScenarioResult[], rows: number, repeat: number, table: string): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 10);
  const json = { date: new Date().toISOString(), rows, repeat, node: process.version, results, table };
  writeFileSync(path.join(RESULTS_DIR, `${stamp}.json`), `${JSON.stringify(json, null, 2)}\n`);
  const chart = renderChart(
    results,
    `rows/s, ${rows.toLocaleString('en-US')} rows, ${stamp} (grey: COPY pipe baseline)`,
  );
  writeFileSync(path.join(RESULTS_DIR, `${stamp}.svg`), chart);
  writeFileSync(path.join(RESULTS_DIR, 'latest.svg'), chart);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
