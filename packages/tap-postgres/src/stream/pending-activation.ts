import { getBookmark, setBookmark, type State } from '@pgsinger/singer';

/**
 * Bookmark key of a table version to activate at the stream's next run: a partitioned copy (issue 20) loads one
 * version from several processes, none of which may activate it alone; the merged state asks the next run to.
 */
export const PENDING_ACTIVATION_KEY = 'pending_activate_version';

/** The version the stream's bookmark asks to activate, if any (pure). */
export function pendingActivation(state: State, tapStreamId: string): number | undefined {
  const value = getBookmark(state, tapStreamId)?.[PENDING_ACTIVATION_KEY];
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
}

/** The state without the stream's pending activation (pure). */
export function withoutPendingActivation(state: State, tapStreamId: string): State {
  return pendingActivation(state, tapStreamId) === undefined
    ? state
    : setBookmark(state, tapStreamId, { [PENDING_ACTIVATION_KEY]: undefined });
}
