import { getBookmark, setBookmark, type State } from '@pgsinger/singer';
import { ownEntries, withOwnEntry } from './pgsinger-state';

/**
 * Section under `pgsinger` (see pgsinger-state) of the table versions to activate at a stream's next run: a
 * partitioned copy (issue 20) loads one version from several processes, none of which may activate it alone; the
 * merged state asks the next run to. Not in the bookmark: pipelinewise's tap refuses an INCREMENTAL bookmark with it.
 */
export const PENDING_ACTIVATION_SECTION = 'pending_activation';
/** Bookmark key earlier builds kept the pending activation in: still read, and dropped with it. */
export const LEGACY_PENDING_ACTIVATION_KEY = 'pending_activate_version';

/** The version a merged state asks the stream's next run to activate, if any (pure). */
export function pendingActivation(state: State, tapStreamId: string): number | undefined {
  const value =
    ownEntries(state, PENDING_ACTIVATION_SECTION)[tapStreamId] ??
    getBookmark(state, tapStreamId)?.[LEGACY_PENDING_ACTIVATION_KEY];
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
}

/** The state asking the stream's next run to activate `version` (pure). */
export function withPendingActivation(state: State, tapStreamId: string, version: number): State {
  return withOwnEntry(state, PENDING_ACTIVATION_SECTION, tapStreamId, version);
}

/** The state without the stream's pending activation, wherever it was kept (pure). */
export function withoutPendingActivation(state: State, tapStreamId: string): State {
  const legacy = getBookmark(state, tapStreamId)?.[LEGACY_PENDING_ACTIVATION_KEY] !== undefined;
  const next = legacy ? setBookmark(state, tapStreamId, { [LEGACY_PENDING_ACTIVATION_KEY]: undefined }) : state;
  return withOwnEntry(next, PENDING_ACTIVATION_SECTION, tapStreamId, undefined);
}
