import type { LoadColumn } from '../stream-table';

/** What a stream's encoders are compiled from. */
export interface EncoderOptions {
  readonly columns: readonly LoadColumn[];
  /** Indexes (into columns) of the key columns. */
  readonly keyIndexes: readonly number[];
  readonly deletedAtIndex: number | undefined;
}

/** One encoded row: COPY text line (without newline), the fields of the key columns, which columns were absent, deleted flag. */
export interface EncodedRow {
  readonly line: string;
  /**
   * The line as UTF-8 bytes instead (the fast path; `line` is then empty): the first `byteLength` bytes of a buffer
   * that the next row overwrites.
   */
  readonly bytes?: Buffer;
  readonly byteLength?: number;
  /** The key columns' fields joined by tabs; or a small integer key already as its number (see slotKey). */
  readonly key: string | number;
  /** Comma-joined indexes of columns absent from the record ('' when all present). */
  readonly absent: string;
  readonly deleted: boolean;
  /** True when a key column is null or absent. */
  readonly keyMissing: boolean;
}
