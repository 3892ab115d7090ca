/** The bookmark of one stream (`replication_key_value`, `lsn`, `version`, … — wire names kept). */
export type Bookmark = Readonly<Record<string, unknown>>;

/** Singer state as taps write it: `{ currently_syncing, bookmarks: { <tap_stream_id>: {...} } }`. */
export interface State {
  readonly currently_syncing?: string | null;
  readonly bookmarks: Readonly<Record<string, Bookmark>>;
  readonly [key: string]: unknown;
}
