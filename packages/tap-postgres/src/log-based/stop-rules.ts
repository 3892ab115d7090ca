import type { TapConfig } from '../config';
import type { Lsn } from '../replication';

/** When a streaming run ends (pure). */
export interface StopRules {
  /** break_at_end_lsn: the server's WAL position when the run started. */
  readonly endLsn: Lsn | undefined;
  readonly deadlineMs: number;
  readonly idleMs: number | undefined;
}

/** The stop rules of a run that started at `startMs` with the server at `walLsn`. */
export function stopRules(config: TapConfig, startMs: number, walLsn: Lsn): StopRules {
  return {
    endLsn: config.break_at_end_lsn === false ? undefined : walLsn,
    deadlineMs: startMs + config.max_run_seconds * 1000,
    idleMs: config.logical_poll_total_seconds === undefined ? undefined : config.logical_poll_total_seconds * 1000,
  };
}

/** Why the run stops now, or undefined to go on; `caughtUp` is how far the stream is known complete. */
export function stopReason(
  rules: StopRules,
  at: {
    readonly nowMs: number;
    readonly lastChangeMs: number;
    readonly caughtUp: Lsn;
    readonly inTransaction: boolean;
  },
): string | undefined {
  if (at.nowMs >= rules.deadlineMs) return 'max_run_seconds reached';
  if (rules.idleMs !== undefined && at.nowMs - at.lastChangeMs >= rules.idleMs)
    return 'logical_poll_total_seconds without a change';
  if (rules.endLsn !== undefined && !at.inTransaction && at.caughtUp >= rules.endLsn)
    return 'reached the WAL position of the start (break_at_end_lsn)';
  return undefined;
}
