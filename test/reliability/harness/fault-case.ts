import type { Comparison } from './compare';
import { compareTables, isEqual } from './compare';
import type { CronRunOutcome, StatePolicy } from './cron-run';
import { cronRun } from './cron-run';
import type { FaultServer, ScenarioEnv } from './fault-env';
import type { FaultRecord } from './fault-injector';
import { createPrng } from './prng';
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
  /** Duration of the last clean run (the next case draws its fault moment within it). */
  readonly cleanRunMs: number;
}

const MAX_RERUNS = 5;
const RUN_TIMEOUT_MS = 180_000;

/** One clean (fault-free) run; throws with both stderrs when it does not exit 0 twice. */
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
  calibrationMs: number,
): Promise<FaultCaseResult> {
  const prng = createPrng(seed);
  const kind = prng.pick(FAULT_KINDS);
  const afterMs = prng.int(0, Math.max(300, calibrationMs));
  const statePolicy = prng.pick(['cron', 'latest-line'] as const);
  const next = await env.db.query<{ id: number }>('SELECT (coalesce(max(id), 0) + 1)::int AS id FROM src.items');
  const writer = startWriter(env.db.settings, createPrng(seed ^ 0x5bd1e995), {
    nextId: next.rows[0]?.id ?? 1,
    deletes: env.scenario.writerDeletes,
  });
  const violations: string[] = [];
  let faultOutcome: CronRunOutcome;
  try {
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
  const afterResume = await compareTables(env.db, { softDelete, keysOnly });
  if (!isEqual(afterResume)) violations.push(`after the rerun: ${JSON.stringify(afterResume)}`);
  const finalRun = await cleanRun(fault, env);
  violations.push(...finalRun.violations);
  if (finalRun.tap.code !== 0 || finalRun.target.code !== 0)
    violations.push(`final run failed: ${finalRun.tap.stderr.slice(-800)} ${finalRun.target.stderr.slice(-800)}`);
  const final = await compareTables(env.db, { softDelete });
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
    cleanRunMs: finalRun.durationMs,
  };
}

function runSpec(fault: FaultServer, env: ScenarioEnv) {
  return {
    server: fault.server,
    dbname: env.db.name,
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
