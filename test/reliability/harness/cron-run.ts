import { existsSync, renameSync, writeFileSync } from 'node:fs';
import type { BinResult } from '@pgsinger/testkit';
import { collect, feed, spawnBin } from '@pgsinger/testkit';
import type { FaultEndpoint, FaultRecord } from './fault-injector';
import { injectFault } from './fault-injector';
import type { FaultKind } from './scenarios';
import { committedLsn, watchSlots } from './lsn-guard';
import { checkSignalContract } from './signal-contract';
import type { Queryable } from './source-table';

/** How the state file is handled after a run. */
export type StatePolicy =
  /** examples/cron/sync.sh: the target's last line replaces the state file only when both exit 0. */
  | 'cron'
  /** An orchestrator that saves every state line as it comes (meltano): the last printed line, whatever the exits. */
  | 'latest-line';

/** One cron-style run of `tap | target`. */
export interface CronRunSpec {
  /** The tap's cluster and database. */
  readonly source: FaultEndpoint;
  /** The target's cluster and database. */
  readonly destination: FaultEndpoint;
  readonly tapConfig: string;
  readonly targetConfig: string;
  readonly catalog: string;
  readonly stateFile: string;
  readonly statePolicy: StatePolicy;
  readonly fault?: { readonly kind: FaultKind; readonly afterMs: number };
  readonly timeoutMs: number;
  /** LOG_BASED: poll the slots of `db` and report a confirmed LSN past the state file's. */
  readonly slotGuard?: Queryable;
}

/** How a run ended. */
export interface CronRunOutcome {
  readonly tap: BinResult;
  readonly target: BinResult;
  readonly fault?: FaultRecord;
  readonly stateUpdated: boolean;
  readonly durationMs: number;
  /** When each end exited, from the start of the run. */
  readonly exitMs: { readonly tap: number; readonly target: number };
  /** Broken promises seen in this run (exit codes, missing state on SIGTERM, hangs, stack traces). */
  readonly violations: readonly string[];
}

/** Runs tap | target once, injecting the fault (if any), and updates the state file by the policy. */
export async function cronRun(spec: CronRunSpec): Promise<CronRunOutcome> {
  const started = Date.now();
  const guard = spec.slotGuard && watchSlots(spec.slotGuard, spec.source.dbname, committedLsn(spec.stateFile));
  const stateArgs = existsSync(spec.stateFile) ? ['--state', spec.stateFile] : [];
  const tap = spawnBin('tap-postgres', ['--config', spec.tapConfig, '--catalog', spec.catalog, ...stateArgs]);
  const target = spawnBin('target-postgres', ['--config', spec.targetConfig]);
  feed(tap, undefined);
  target.stdin?.on('error', () => undefined);
  tap.stdout?.pipe(target.stdin!);
  // As in a shell pipe: once the target is gone, the tap's next write fails (EPIPE) instead of blocking forever.
  target.once('exit', () => tap.stdout?.destroy());
  const exitMs = { tap: 0, target: 0 };
  tap.once('exit', () => (exitMs.tap = Date.now() - started));
  target.once('exit', () => (exitMs.target = Date.now() - started));
  let tapStates = 0;
  let tapTail = '';
  tap.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    tapStates += chunk.split('{"type":"STATE"').length - 1;
    tapTail = (tapTail + chunk).slice(-65536);
  });
  const results = Promise.all([collect(tap, spec.timeoutMs, { stdout: false }), collect(target, spec.timeoutMs)]);
  let fault: FaultRecord | undefined;
  let tapStatesAtFault = 0;
  if (spec.fault !== undefined) {
    const { kind, afterMs } = spec.fault;
    await Promise.race([new Promise((resolve) => setTimeout(resolve, afterMs)), results]);
    tapStatesAtFault = tapStates;
    const context = { source: spec.source, destination: spec.destination, tap, target, startedAt: started };
    fault = await injectFault(context, kind);
  }
  const [tapResult, targetResult] = await results;
  const violations = checkSignalContract({ tap: tapResult, target: targetResult, fault, tapTail, tapStatesAtFault });
  if (guard) violations.push(...guard.stop().breaches);
  const lines = targetResult.stdout.split('\n').filter((line) => line.trim() !== '');
  const last = lines[lines.length - 1];
  // As examples/cron/sync.sh: tap exit 3 (some streams failed, the others synced) keeps the state too.
  const bothOk = (tapResult.code === 0 || tapResult.code === 3) && targetResult.code === 0;
  const adopt = last !== undefined && (spec.statePolicy === 'latest-line' || bothOk);
  if (adopt) {
    const next = `${spec.stateFile}.next`;
    writeFileSync(next, `${last}\n`);
    renameSync(next, spec.stateFile);
  }
  const base = {
    tap: tapResult,
    target: targetResult,
    stateUpdated: adopt,
    durationMs: Date.now() - started,
    exitMs,
    violations,
  };
  return fault === undefined ? base : { ...base, fault };
}
