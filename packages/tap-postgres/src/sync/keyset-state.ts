import { getBookmark, isRecord, setBookmark, type State } from '@pgsinger/singer';
import { ownEntries, withOwnEntry } from '../stream/pgsinger-state';
import type { KeyPoint } from './key-point';

/** Section under `pgsinger` (see pgsinger-state): the INCREMENTAL tie-breakers, by tap_stream_id. */
export const KEYSET_KEY = 'keyset';
/**
 * The tie-breaker's keys in its `pgsinger.keyset` entry; earlier builds kept them in the bookmark, where they are
 * still read and then moved (migrateLegacyKeysets).
 */
export const TIE_BREAKER_KEY = 'replication_key_pk';
export const TIE_XMIN_KEY = 'replication_key_xmin';

/** A tie-breaker: the primary key of the last row sent at the value, and the 64-bit snapshot xmin of that run. */
export interface TieBreaker {
  readonly pk: KeyPoint;
  readonly xmin: number;
}

/** A tie-breaker as a state holds it (checked against the stream's key columns, and the xmin, where they are used). */
export interface StoredTie {
  readonly pk: unknown;
  readonly xmin: unknown;
}

/** Where an INCREMENTAL stream stands: the bookmark's `replication_key_value`, and the tie-breaker at that value. */
export interface IncrementalPoint {
  readonly value: unknown;
  readonly tie?: TieBreaker;
}

/**
 * The stream's tie-breaker (pure), only when it belongs to the bookmark as it is now: recorded for the same
 * replication key and the same `replication_key_value`. A value another tap advanced meanwhile has none.
 */
export function storedTie(state: State, tapStreamId: string, replicationKey: string): StoredTie | undefined {
  const value = getBookmark(state, tapStreamId)?.replication_key_value;
  const entry = ownEntries(state, KEYSET_KEY)[tapStreamId];
  if (!isRecord(entry) || (typeof value !== 'string' && typeof value !== 'number')) return undefined;
  if (entry.replication_key !== replicationKey || entry.replication_key_value !== value) return undefined;
  return { pk: entry[TIE_BREAKER_KEY], xmin: entry[TIE_XMIN_KEY] };
}

/**
 * The state with the stream at `point` (pure): the value in its bookmark (pipelinewise's key), the tie-breaker under
 * `pgsinger.keyset` (removed when there is none), and no tie-breaker left in the bookmark.
 */
export function withIncrementalPoint(
  state: State,
  tapStreamId: string,
  replicationKey: string,
  point: IncrementalPoint,
): State {
  return withPoint(state, tapStreamId, replicationKey, point.value, point.tie);
}

/** The state without the stream's tie-breaker (pure). */
export function withoutKeyset(state: State, tapStreamId: string): State {
  return withOwnEntry(state, KEYSET_KEY, tapStreamId, undefined);
}

/**
 * States of earlier builds (pure): every bookmark holding `replication_key_pk`/`replication_key_xmin` gets them
 * moved to `pgsinger.keyset`, for the value and key the bookmark holds, so a state our tap writes never carries keys
 * pipelinewise refuses.
 */
export function migrateLegacyKeysets(state: State): State {
  let next = state;
  for (const [id, bookmark] of Object.entries(state.bookmarks)) {
    if (!(TIE_BREAKER_KEY in bookmark) && !(TIE_XMIN_KEY in bookmark)) continue;
    const tie = { pk: bookmark[TIE_BREAKER_KEY], xmin: bookmark[TIE_XMIN_KEY] };
    const key = typeof bookmark.replication_key === 'string' ? bookmark.replication_key : '';
    const value = bookmark.replication_key_value;
    next = withPoint(next, id, key, value, value === undefined || tie.pk === undefined ? undefined : tie);
  }
  return next;
}

function withPoint(state: State, id: string, key: string, value: unknown, tie: StoredTie | undefined): State {
  const next = setBookmark(state, id, {
    replication_key_value: value,
    [TIE_BREAKER_KEY]: undefined,
    [TIE_XMIN_KEY]: undefined,
  });
  if (tie === undefined) return withoutKeyset(next, id);
  const entry = { replication_key: key, replication_key_value: value, [TIE_BREAKER_KEY]: tie.pk };
  return withOwnEntry(next, KEYSET_KEY, id, tie.xmin === undefined ? entry : { ...entry, [TIE_XMIN_KEY]: tie.xmin });
}
