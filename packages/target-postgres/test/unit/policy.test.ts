import { flushReason, IDLE_FLUSH_BYTES, IDLE_FLUSH_ROWS } from '../../src/sink/flush-policy';

describe('flushReason', () => {
  const limits = { batchSizeRows: 10, batchSizeBytes: 100, batchFlushIntervalSeconds: 60, minTimeGapSeconds: 0 };
  it('flushes on rows, bytes and age', () => {
    expect(flushReason({ size: 0, bytes: 0, firstAt: undefined, lastFlushAt: 0 }, limits, 0)).toBeUndefined();
    expect(flushReason({ size: 10, bytes: 1, firstAt: 0, lastFlushAt: 0 }, limits, 0)).toBe('rows');
    expect(flushReason({ size: 1, bytes: 100, firstAt: 0, lastFlushAt: 0 }, limits, 0)).toBe('bytes');
    expect(flushReason({ size: 1, bytes: 1, firstAt: 0, lastFlushAt: 0 }, limits, 59_999)).toBeUndefined();
    expect(flushReason({ size: 1, bytes: 1, firstAt: 0, lastFlushAt: 0 }, limits, 60_000)).toBe('age');
    expect(
      flushReason({ size: 1, bytes: 1, firstAt: 0, lastFlushAt: 50_000 }, { ...limits, minTimeGapSeconds: 30 }, 60_000),
    ).toBeUndefined();
  });

  it('loads early when the stream has no load running and holds enough to be worth a transaction', () => {
    const big = { ...limits, batchSizeRows: 100_000, batchSizeBytes: 12 * 1024 * 1024 };
    const view = (size: number, bytes: number, loading: boolean) => ({
      size,
      bytes,
      firstAt: 0,
      lastFlushAt: 0,
      loading,
    });
    expect(flushReason(view(IDLE_FLUSH_ROWS, 1, false), big, 0)).toBe('idle');
    expect(flushReason(view(1, IDLE_FLUSH_BYTES, false), big, 0)).toBe('idle');
    expect(flushReason(view(IDLE_FLUSH_ROWS - 1, IDLE_FLUSH_BYTES - 1, false), big, 0)).toBeUndefined();
    // While a load runs, the batch fills up to the limits.
    expect(flushReason(view(50_000, 6 * 1024 * 1024, true), big, 0)).toBeUndefined();
    expect(flushReason(view(100_000, 1, true), big, 0)).toBe('rows');
  });
});
