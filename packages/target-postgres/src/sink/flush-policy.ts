/** Why a stream's batch is flushed. */
export const FLUSH_REASONS = ['rows', 'bytes', 'idle', 'age', 'schema', 'version', 'end', 'all'] as const;
/** One of FLUSH_REASONS. */
export type FlushReason = (typeof FLUSH_REASONS)[number];

/** The limits that trigger a flush. */
export interface FlushLimits {
  readonly batchSizeRows: number;
  readonly batchSizeBytes: number;
  /** Seconds; 0 turns the age trigger off. */
  readonly batchFlushIntervalSeconds: number;
  /** Seconds that must pass between two age-triggered flushes of one stream. */
  readonly minTimeGapSeconds: number;
}

/** What the policy looks at for one stream. */
export interface BatchView {
  readonly size: number;
  readonly bytes: number;
  readonly firstAt: number | undefined;
  readonly lastFlushAt: number;
  /** True while an earlier batch of the stream is loading. */
  readonly loading?: boolean;
}

/**
 * A stream whose connection is idle loads what it holds once it is this big, instead of waiting for a full batch:
 * the database starts working while the rest is read (and the last batch, loaded after the input ends, is small).
 * Large enough that a batch's fixed costs (transaction, COPY start, merge plan) stay small per row.
 */
export const IDLE_FLUSH_ROWS = 2_000;
/** See IDLE_FLUSH_ROWS. */
export const IDLE_FLUSH_BYTES = 1024 * 1024;

/** Pure: the reason a batch must be flushed now, or undefined. */
export function flushReason(batch: BatchView, limits: FlushLimits, now: number): FlushReason | undefined {
  if (batch.size === 0) return undefined;
  if (batch.size >= limits.batchSizeRows) return 'rows';
  if (batch.bytes >= limits.batchSizeBytes) return 'bytes';
  if (batch.loading === false && (batch.size >= IDLE_FLUSH_ROWS || batch.bytes >= IDLE_FLUSH_BYTES)) return 'idle';
  const interval = limits.batchFlushIntervalSeconds * 1000;
  if (interval > 0 && batch.firstAt !== undefined && now - batch.firstAt >= interval) {
    if (now - batch.lastFlushAt >= limits.minTimeGapSeconds * 1000) return 'age';
  }
  return undefined;
}
