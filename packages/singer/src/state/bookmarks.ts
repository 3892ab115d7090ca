import type { Bookmark, State } from './state';

/** The bookmark of a stream, or undefined. */
export function getBookmark(state: State, tapStreamId: string): Bookmark | undefined {
  return Object.prototype.hasOwnProperty.call(state.bookmarks, tapStreamId) ? state.bookmarks[tapStreamId] : undefined;
}

/** A new state whose bookmark for the stream is the old one with `values` merged in (undefined values removed). */
export function setBookmark(state: State, tapStreamId: string, values: Readonly<Record<string, unknown>>): State {
  const merged: Record<string, unknown> = { ...getBookmark(state, tapStreamId) };
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return { ...state, bookmarks: { ...state.bookmarks, [tapStreamId]: merged } };
}

/** A new state without the stream's bookmark, or without one key of it when `key` is given. */
export function clearBookmark(state: State, tapStreamId: string, key?: string): State {
  const bookmarks: Record<string, Bookmark> = { ...state.bookmarks };
  if (key === undefined) {
    delete bookmarks[tapStreamId];
  } else if (bookmarks[tapStreamId] !== undefined) {
    const rest: Record<string, unknown> = { ...bookmarks[tapStreamId] };
    delete rest[key];
    bookmarks[tapStreamId] = rest;
  }
  return { ...state, bookmarks };
}

/** A new state with `currently_syncing` set (null when no stream is in progress). */
export function setCurrentlySyncing(state: State, tapStreamId: string | null): State {
  return { ...state, currently_syncing: tapStreamId };
}
