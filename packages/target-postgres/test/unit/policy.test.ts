import { flushReason, IDLE_FLUSH_BYTES, IDLE_FLUSH_ROWS } from '../../src/sink/flush-policy';
import { StateTracker } from '../../src/state/state-tracker';

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

describe('StateTracker', () => {
  const m = (counts: Record<string, number>) => new Map(Object.entries(counts));
  const all = m({ a: 99, b: 99 });
  it('fixes the state a load releases at dispatch and prints in dispatch order', () => {
    const t = new StateTracker();
    t.received({ s: 1 }, m({ a: 2 }));
    t.received({ s: 2 }, m({ a: 2, b: 3 }));
    const first = t.dispatch(m({ a: 2 })); // covers s:1 only
    const second = t.dispatch(m({ a: 2, b: 3 })); // covers s:2
    t.received({ s: 3 }, m({ a: 2, b: 3 }));
    expect(t.complete(second)).toEqual([]); // waits for the first load
    expect(t.complete(first)).toEqual(['{"s":1}', '{"s":2}']);
    expect(t.settle(all)).toEqual(['{"s":3}']);
  });
  it('prints a state that needed no records at the end, once', () => {
    const t = new StateTracker();
    t.received({ s: 1 }, new Map());
    expect(t.settle(all)).toEqual(['{"s":1}']);
    expect(t.settle(all)).toEqual([]);
  });
  it('never prints after a load that did not complete', () => {
    const t = new StateTracker();
    t.received({ s: 1 }, m({ a: 1 }));
    const failed = t.dispatch(m({ a: 1 }));
    t.received({ s: 2 }, m({ a: 1, b: 1 }));
    const later = t.dispatch(m({ a: 1, b: 1 }));
    expect(failed.done).toBe(false);
    expect(t.complete(later)).toEqual([]);
    // After the failure only what is committed counts: b's record is, a's is not.
    expect(t.settle(m({ b: 1 }))).toEqual([]);
  });
  it('after a failure prints the newest state whose records are committed', () => {
    const t = new StateTracker();
    t.received({ s: 1 }, m({ a: 2 }));
    const ok = t.dispatch(m({ a: 2 }));
    t.received({ s: 2 }, m({ a: 2 }));
    expect(t.complete(ok)).toEqual(['{"s":1}']);
    t.received({ s: 3 }, m({ a: 3 }));
    t.dispatch(m({ a: 3 })); // fails
    expect(t.settle(m({ a: 2 }))).toEqual(['{"s":2}']);
  });
  it('keeps one of the states that no record separates, the newest, and prints the same lines', () => {
    const t = new StateTracker();
    t.received({ s: 1 }, m({ a: 1 }));
    t.received({ s: 2 }, m({ a: 1 }));
    t.received({ s: 3 }, m({ a: 1 }));
    t.received({ s: 4 }, m({ a: 2 }));
    t.received({ s: 5 }, m({ a: 2 }));
    const first = t.dispatch(m({ a: 1 }));
    expect(first.states.map((state) => state.value)).toEqual([{ s: 3 }]);
    expect(t.complete(first)).toEqual(['{"s":3}']);
    expect(t.settle(m({ a: 2 }))).toEqual(['{"s":5}']);
  });
  it('holds a state back until the records of every stream before it are handed out', () => {
    const t = new StateTracker();
    t.received({ s: 1 }, m({ a: 1 }));
    t.received({ s: 2 }, m({ a: 1, b: 1 }));
    expect(t.complete(t.dispatch(m({ b: 1 })))).toEqual([]);
    expect(t.complete(t.dispatch(m({ a: 1, b: 1 })))).toEqual(['{"s":2}']);
  });
  it('does not print the same state twice in a row', () => {
    const t = new StateTracker();
    t.received({ s: 1 }, m({ a: 1 }));
    expect(t.complete(t.dispatch(m({ a: 1 })))).toEqual(['{"s":1}']);
    t.received({ s: 1 }, m({ a: 2 }));
    expect(t.complete(t.dispatch(m({ a: 2 })))).toEqual([]);
  });
});
