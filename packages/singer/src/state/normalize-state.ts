import { isRecord, StateError } from '../errors';
import type { Bookmark, State } from './state';

/** Checks a state value and returns it with `bookmarks` always present; `{}`, `null` and no bookmarks are fine. */
export function normalizeState(value: unknown, source = 'state'): State {
  if (value === null || value === undefined) return { bookmarks: {} };
  if (!isRecord(value)) throw new StateError(`${source}: state must be a JSON object`, 'STATE_INVALID', fix);
  const bookmarks = value.bookmarks ?? {};
  if (!isRecord(bookmarks)) throw new StateError(`${source}: "bookmarks" must be an object`, 'STATE_INVALID', fix);
  for (const [stream, bookmark] of Object.entries(bookmarks)) {
    if (!isRecord(bookmark)) {
      throw new StateError(`${source}: bookmark of "${stream}" must be an object`, 'STATE_INVALID', fix);
    }
  }
  const current = value.currently_syncing;
  if (current !== undefined && current !== null && typeof current !== 'string') {
    throw new StateError(`${source}: "currently_syncing" must be a string or null`, 'STATE_INVALID', fix);
  }
  return { ...value, bookmarks: bookmarks as Record<string, Bookmark> };
}

const fix = 'pass the last state the target printed, or start without --state for a full sync';
