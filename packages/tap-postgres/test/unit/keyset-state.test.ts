import type { State } from '@pgsinger/singer';
import fc from 'fast-check';
import { mergePartitionStates } from '../../src/partition/merge-states';
import { PLAN_FORMAT, type PartitionPlan, type PlannedStream } from '../../src/partition/partition-plan';
import { plannedIncremental } from '../../src/partition/plan-partitions';
import {
  pendingActivation,
  withoutPendingActivation,
  withPendingActivation,
} from '../../src/stream/pending-activation';
import { resetOnReplicationChange } from '../../src/stream/reset-on-replication-change';
import { migrateLegacyKeysets, storedTie, withIncrementalPoint, withoutKeyset } from '../../src/sync/keyset-state';

/** The only keys pipelinewise-tap-postgres 2.1.0 accepts in an INCREMENTAL bookmark (do_sync_incremental). */
const PIPELINEWISE_KEYS = ['last_replication_method', 'replication_key', 'replication_key_value', 'version'];

const bookmark = {
  last_replication_method: 'INCREMENTAL',
  replication_key: 'updated_at',
  replication_key_value: '2024-03-01T00:00:00+00:00',
  version: 1,
};
const at = (value: unknown): State => ({ bookmarks: { 's-t': { ...bookmark, replication_key_value: value } } });
const tie = { pk: { id: '42' }, xmin: 1284410 };

describe('withIncrementalPoint / storedTie', () => {
  it('keeps the bookmark to pipelinewise keys and the tie-breaker under pgsinger.keyset', () => {
    const state = withIncrementalPoint(at('old'), 's-t', 'updated_at', { value: 'v2', tie });
    expect(state).toEqual({
      bookmarks: { 's-t': { ...bookmark, replication_key_value: 'v2' } },
      pgsinger: {
        keyset: {
          's-t': {
            replication_key: 'updated_at',
            replication_key_value: 'v2',
            replication_key_pk: { id: '42' },
            replication_key_xmin: 1284410,
          },
        },
      },
    });
    expect(storedTie(state, 's-t', 'updated_at')).toEqual(tie);
  });

  it('has no tie-breaker once another tap moved the value, or for another key or stream', () => {
    const ours = withIncrementalPoint(at('old'), 's-t', 'updated_at', { value: '2024-03-01T00:00:00+00:00', tie });
    // pipelinewise advanced the bookmark and passed our top-level key through untouched.
    const advanced = { ...ours, bookmarks: { 's-t': { ...bookmark, replication_key_value: '2024-03-02' } } };
    expect(storedTie(advanced, 's-t', 'updated_at')).toBeUndefined();
    // The same instant spelled another way is another value: `>=` then, never a skip.
    const respelled = { ...ours, bookmarks: at('2024-03-01T00:00:00.000000+00:00').bookmarks };
    expect(storedTie(respelled, 's-t', 'updated_at')).toBeUndefined();
    expect(storedTie(ours, 's-t', 'created_at')).toBeUndefined();
    expect(storedTie(ours, 's-other', 'updated_at')).toBeUndefined();
    expect(storedTie({ ...ours, bookmarks: { 's-t': { replication_key: 'updated_at' } } }, 's-t', 'updated_at')).toBe(
      undefined,
    );
    expect(storedTie(ours, 's-t', 'updated_at')).toEqual(tie);
  });

  it('tells numbers and their text apart', () => {
    const state = withIncrementalPoint(at(0), 's-t', 'n', { value: 5, tie });
    expect(storedTie(state, 's-t', 'n')).toEqual(tie);
    expect(storedTie({ ...state, bookmarks: at('5').bookmarks }, 's-t', 'n')).toBeUndefined();
  });

  it('drops the entry for a point without tie-breaker, and keeps what else pgsinger holds', () => {
    const withOther = { ...at('a'), pgsinger: { other: 1, keyset: { 's-x': { replication_key: 'k' } } } };
    const state = withIncrementalPoint(withOther, 's-t', 'updated_at', { value: 'b', tie });
    const keyless = withIncrementalPoint(state, 's-t', 'updated_at', { value: 'c' });
    expect(keyless).toEqual({ ...at('c'), pgsinger: withOther.pgsinger });
    const bare = withoutKeyset(withoutKeyset(keyless, 's-x'), 's-t');
    expect(bare).toEqual({ ...at('c'), pgsinger: { other: 1 } });
    expect(withoutKeyset(withIncrementalPoint(at('a'), 's-t', 'k', { value: 'b', tie }), 's-t')).toEqual(at('b'));
  });

  it('never leaves a key pipelinewise refuses in the bookmark, whatever the state held (property)', () => {
    const legacy = fc.record(
      {
        replication_key_pk: fc.dictionary(fc.string(), fc.string()),
        replication_key_xmin: fc.nat(),
      },
      { requiredKeys: [] },
    );
    const value = fc.oneof(fc.string(), fc.integer());
    const point = fc.record({ value, tie: fc.option(fc.constant(tie), { nil: undefined }) });
    fc.assert(
      fc.property(legacy, value, point, (old, start, next) => {
        const state = { bookmarks: { 's-t': { ...bookmark, replication_key_value: start, ...old } } };
        for (const result of [withIncrementalPoint(state, 's-t', 'updated_at', next), migrateLegacyKeysets(state)]) {
          const keys = Object.keys(result.bookmarks['s-t']);
          expect(keys.filter((key) => !PIPELINEWISE_KEYS.includes(key))).toEqual([]);
        }
      }),
    );
  });
});

describe('migrateLegacyKeysets (states of earlier builds)', () => {
  it('moves replication_key_pk / replication_key_xmin out of every bookmark, for the value it held', () => {
    const old = {
      currently_syncing: null,
      bookmarks: {
        's-t': { ...bookmark, replication_key_pk: { id: '42' }, replication_key_xmin: 1284410 },
        's-older': { ...bookmark, replication_key: 'k', replication_key_value: 7, replication_key_pk: { id: '1' } },
        's-log': { last_replication_method: 'LOG_BASED', lsn: 5 },
      },
    };
    const state = migrateLegacyKeysets(old);
    expect(state.bookmarks).toEqual({
      's-t': bookmark,
      's-older': { ...bookmark, replication_key: 'k', replication_key_value: 7 },
      's-log': { last_replication_method: 'LOG_BASED', lsn: 5 },
    });
    expect(storedTie(state, 's-t', 'updated_at')).toEqual(tie);
    expect(storedTie(state, 's-older', 'k')).toEqual({ pk: { id: '1' }, xmin: undefined });
    expect(state.currently_syncing).toBeNull();
  });

  it('leaves a state without legacy keys as it is, and drops a tie-breaker without a value', () => {
    const current = withIncrementalPoint(at('a'), 's-t', 'updated_at', { value: 'b', tie });
    expect(migrateLegacyKeysets(current)).toBe(current);
    const orphan = { bookmarks: { 's-t': { replication_key: 'k', replication_key_pk: { id: '1' } } } };
    expect(migrateLegacyKeysets(orphan)).toEqual({ bookmarks: { 's-t': { replication_key: 'k' } } });
  });
});

describe('resetOnReplicationChange', () => {
  it("drops the stream's tie-breaker with its bookmark, and only then", () => {
    const state = withIncrementalPoint(at('a'), 's-t', 'updated_at', { value: 'b', tie });
    expect(resetOnReplicationChange(state, 's-t', 'INCREMENTAL', 'updated_at')).toEqual(state);
    for (const changed of [
      resetOnReplicationChange(state, 's-t', 'INCREMENTAL', 'created_at'),
      resetOnReplicationChange(state, 's-t', 'FULL_TABLE', undefined),
    ]) {
      expect(changed.pgsinger).toBeUndefined();
      expect(storedTie(changed, 's-t', 'updated_at')).toBeUndefined();
    }
  });
});

describe('INCREMENTAL handoff of a partitioned copy', () => {
  const incremental = (keyset: Partial<PlannedStream>): PlannedStream => ({
    tap_stream_id: 's-t',
    replication_method: 'INCREMENTAL',
    version: 9,
    split_key: [{ name: 'id', sql_datatype: 'bigint' }],
    ranges: [{}],
    bookmark: { replication_key: 'updated_at', replication_key_value: 'v' },
    ...keyset,
  });
  const planOf = (stream: PlannedStream, state: State): PartitionPlan => ({
    format: PLAN_FORMAT,
    plan_id: 'p',
    created_at: '2026-01-01T00:00:00.000Z',
    database: 'db',
    partitions: 1,
    streams: [stream],
    state,
  });
  const done = {
    path: 's0',
    state: { bookmarks: { 's-t': { partition: { plan_id: 'p', index: 0, complete: true } } } },
  };
  const merged = {
    last_replication_method: 'INCREMENTAL',
    replication_key: 'updated_at',
    replication_key_value: 'v',
    version: 9,
  };

  it('plans the bookmark apart from the tie-breaker', () => {
    expect(plannedIncremental({ replicationKey: 'updated_at' }, { value: 'v', tie })).toEqual({
      bookmark: { replication_key: 'updated_at', replication_key_value: 'v' },
      keyset: { replication_key_pk: { id: '42' }, replication_key_xmin: 1284410 },
    });
    expect(plannedIncremental({ replicationKey: 'k' }, { value: 3 })).toEqual({
      bookmark: { replication_key: 'k', replication_key_value: 3 },
    });
    expect(plannedIncremental({ replicationKey: 'k' }, undefined)).toEqual({ bookmark: { replication_key: 'k' } });
  });

  it('merges the tie-breaker under pgsinger.keyset, replacing a stale one; legacy plans too', () => {
    const stale = withIncrementalPoint(at('old'), 's-t', 'updated_at', {
      value: 'old',
      tie: { pk: { id: '1' }, xmin: 1 },
    });
    const keyset = { replication_key_pk: { id: '42' }, replication_key_xmin: 1284410 };
    const legacyBookmark = { ...incremental({}).bookmark, ...keyset };
    for (const stream of [incremental({ keyset }), incremental({ bookmark: legacyBookmark })]) {
      const state = mergePartitionStates(planOf(stream, stale), [done]);
      expect(state.bookmarks['s-t']).toEqual(merged);
      expect(pendingActivation(state, 's-t')).toBe(9);
      expect(storedTie(state, 's-t', 'updated_at')).toEqual(tie);
    }
    const keyless = mergePartitionStates(planOf(incremental({}), stale), [done]);
    expect(keyless.bookmarks['s-t']).toEqual(merged);
    expect(keyless.pgsinger).toEqual({ pending_activation: { 's-t': 9 } });
  });
});

describe('pending activation (a merged partitioned copy)', () => {
  it('lives under pgsinger.pending_activation, beside the bookmarks, and goes with the stream', () => {
    const state = withPendingActivation(at('a'), 's-t', 9);
    expect(state.bookmarks).toEqual(at('a').bookmarks);
    expect(state.pgsinger).toEqual({ pending_activation: { 's-t': 9 } });
    expect(pendingActivation(state, 's-t')).toBe(9);
    expect(pendingActivation(state, 's-other')).toBeUndefined();
    expect(withoutPendingActivation(state, 's-t')).toEqual(at('a'));
    expect(resetOnReplicationChange(state, 's-t', 'FULL_TABLE', undefined).pgsinger).toBeUndefined();
  });

  it('reads and drops the bookmark key of earlier builds', () => {
    const old = { bookmarks: { 's-t': { ...bookmark, pending_activate_version: 9 } } };
    expect(pendingActivation(old, 's-t')).toBe(9);
    expect(withoutPendingActivation(old, 's-t')).toEqual({ bookmarks: { 's-t': bookmark } });
    expect(pendingActivation({ bookmarks: { 's-t': { pending_activate_version: 'x' } } }, 's-t')).toBeUndefined();
  });
});
