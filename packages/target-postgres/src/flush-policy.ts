/** Why a stream's batch is flushed. */
export const FLUSH_REASONS = ['rows', 'bytes', 'age', 'schema', 'version', 'end', 'all'] as const;
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
}

/** Pure: the reason a batch must be flushed now, or undefined. */
export function flushReason(batch: BatchView, limits: FlushLimits, now: number): FlushReason | undefined {
  if (batch.size === 0) return undefined;
  if (batch.size >= limits.batchSizeRows) return 'rows';
  if (batch.bytes >= limits.batchSizeBytes) return 'bytes';
  const interval = limits.batchFlushIntervalSeconds * 1000;
  if (interval > 0 && batch.firstAt !== undefined && now - batch.firstAt >= interval) {
    if (now - batch.lastFlushAt >= limits.minTimeGapSeconds * 1000) return 'age';
  }
  return undefined;
}
