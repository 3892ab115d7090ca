import type { Comparison } from './compare';
import { compareTables, isEqual } from './compare';
import type { CronRunOutcome, StatePolicy } from './cron-run';
import { cronRun } from './cron-run';
import type { FaultServer, ScenarioEnv } from './fault-env';
import type { FaultRecord } from './fault-injector';
import { createPrng } from './prng';
import type { FaultKind } from './scenarios';
import { FAULT_KINDS } from './scenarios';
import type { WriterStats } from './writer';
import { startWriter } from './writer';

/** Everything one fault case did and found. */
export interface FaultCaseResult {
  readonly seed: number;
  readonly scenario: string;
  readonly statePolicy: StatePolicy;
  readonly fault: FaultRecord | undefined;
  readonly faultRun: { readonly tap: number | null; readonly target: number | null };
  /** Runs after the fault until both ends exited 0 (writer paused). */
  readonly reruns: number;
  /** Destination vs source right after the clean rerun (FULL_TABLE: key set only, see below). */
  readonly afterResume: Comparison;
  /** After one more clean run. */
  readonly final: Comparison;
  readonly writer: WriterStats;
  readonly violations: readonly string[];
  /** When each end of the last clean run exited (the next case draws its fault moment within its victim's). */
  readonly calibration: RunTimes;
}

/** When each end of a clean run exited, from its start. */
export type RunTimes = CronRunOutcome['exitMs'];

const TAP_FAULTS: readonly FaultKind[] = ['kill-tap', 'term-tap', 'terminate-tap-backend'];
const TARGET_FAULTS: readonly FaultKind[] = ['kill-target', 'term-target', 'terminate-target-backend'];

/**
 * The window a fault moment is drawn in (pure): 90% of its victim's lifetime in a clean run (a server restart: the
 * longer one), since a case's run, with the writer's changes to carry, lasts at least that long; so a fault rarely
 * comes after its victim is gone.
 */
export function faultWindowMs(kind: FaultKind, times: RunTimes): number {
  const life = TAP_FAULTS.includes(kind)
    ? times.tap
    : TARGET_FAULTS.includes(kind)
      ? times.target
      : Math.max(times.tap, times.target);
  return Math.max(200, Math.round(life * 0.9));
}

const MAX_RERUNS = 5;
const RUN_TIMEOUT_MS = 180_000;

/** One clean (fault-free) run. */
export async function cleanRun(fault: FaultServer, env: ScenarioEnv): Promise<CronRunOutcome> {
  return cronRun({ ...runSpec(fault, env), statePolicy: 'cron' });
}

/**
 * One case: a run with the writer going and a fault at a seeded moment; then, writer paused, reruns until a clean
 * exit; then the destination must hold every source key (FULL_TABLE: values are only guaranteed after the next full
 * copy, since a resumed copy does not revisit rows before its bookmark) and, after one more clean run, equal values.
 */
export async function runFaultCase(
  fault: FaultServer,
  env: ScenarioEnv,
  seed: number,
  calibration: RunTimes,
): Promise<FaultCaseResult> {
  const prng = createPrng(seed);
  const kind = prng.pick(FAULT_KINDS);
  const afterMs = prng.int(0, faultWindowMs(kind, calibration));
  const statePolicy = prng.pick(['cron', 'latest-line'] as const);
  // The writer goes on its own for a moment first, so the run starts with changes to carry.
  const headStartMs = prng.int(100, 600);
  const next = await env.db.query<{ id: number }>('SELECT (coalesce(max(id), 0) + 1)::int AS id FROM src.items');
  const writer = startWriter(env.db.settings, createPrng(seed ^ 0x5bd1e995), {
    nextId: next.rows[0]?.id ?? 1,
    deletes: env.scenario.writerDeletes,
  });
  const violations: string[] = [];
  let faultOutcome: CronRunOutcome;
  try {
    await new Promise((resolve) => setTimeout(resolve, headStartMs));
    faultOutcome = await cronRun({ ...runSpec(fault, env), statePolicy, fault: { kind, afterMs } });
  } finally {
    await writer.pause();
  }
  violations.push(...faultOutcome.violations);
  let reruns = 0;
  let last = faultOutcome;
  while (reruns < MAX_RERUNS) {
    reruns += 1;
    last = await cleanRun(fault, env);
    violations.push(...last.violations);
    if (last.tap.code === 0 && last.target.code === 0) break;
  }
  if (last.tap.code !== 0 || last.target.code !== 0)
    violations.push(
      `no clean exit after ${reruns} reruns: tap ${last.tap.stderr.slice(-800)} target ${last.target.stderr.slice(-800)}`,
    );
  const softDelete = env.scenario.writerDeletes && !env.scenario.hardDelete;
  const keysOnly = env.scenario.method === 'FULL_TABLE';
  const afterResume = await compareTables(env.dst, { softDelete, keysOnly });
  if (!isEqual(afterResume)) violations.push(`after the rerun: ${JSON.stringify(afterResume)}`);
  const finalRun = await cleanRun(fault, env);
  violations.push(...finalRun.violations);
  if (finalRun.tap.code !== 0 || finalRun.target.code !== 0)
    violations.push(`final run failed: ${finalRun.tap.stderr.slice(-800)} ${finalRun.target.stderr.slice(-800)}`);
  const final = await compareTables(env.dst, { softDelete });
  if (!isEqual(final)) violations.push(`after the final run: ${JSON.stringify(final)}`);
  return {
    seed,
    scenario: env.scenario.name,
    statePolicy,
    fault: faultOutcome.fault,
    faultRun: { tap: faultOutcome.tap.code, target: faultOutcome.target.code },
    reruns,
    afterResume,
    final,
    writer: writer.stats,
    violations,
    calibration: finalRun.exitMs,
  };
}

function runSpec(fault: FaultServer, env: ScenarioEnv) {
  return {
    source: { server: fault.source, dbname: env.db.name },
    destination: { server: fault.destination, dbname: env.dst.name },
    tapConfig: env.tapConfig,
    targetConfig: env.targetConfig,
    catalog: env.catalog,
    stateFile: env.stateFile,
    timeoutMs: RUN_TIMEOUT_MS,
    ...(env.scenario.method === 'LOG_BASED' ? { slotGuard: env.db } : {}),
  };
}

/** A one-line description of a case for logs and failure messages, with the command that replays its fault. */
export function describeCase(result: FaultCaseResult): string {
  const f = result.fault;
  const what = f === undefined ? 'no fault' : `${f.kind} at ${f.afterMs} ms (${f.hit ? 'hit' : 'missed'})`;
  return (
    `${result.scenario} seed=${result.seed} ${what}, state=${result.statePolicy}, exits tap=${result.faultRun.tap} ` +
    `target=${result.faultRun.target}, reruns=${result.reruns}, source rows=${result.final.sourceRows}, ` +
    `lost=${result.final.lost} extra=${result.final.extra} duplicated=${result.final.duplicated}` +
    ` (replay: npm run soak -- --method ${result.scenario} --seed ${result.seed} --iterations 1)`
  );
}
