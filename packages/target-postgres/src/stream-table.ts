/**
 * What a SCHEMA leaves for the stream's records: its destination table as encoding and loading see it. Written by
 * `schema/`, read by `encode/` and `load/` (a leaf: it imports nothing).
 */

/** Where a column's value comes from. */
export const COLUMN_SOURCES = ['property', 'extracted_at', 'batched_at', 'deleted_at', 'table_version'] as const;
/** One of COLUMN_SOURCES. */
export type ColumnSource = (typeof COLUMN_SOURCES)[number];

/** A loaded column: its name, record path, value source and actual type in the table. */
export interface LoadColumn {
  readonly name: string;
  readonly path: readonly string[];
  readonly source: ColumnSource;
  readonly type: string;
}

/** A stream's destination table once created or evolved, with the key it is merged on. */
export interface StreamTable {
  readonly stream: string;
  readonly schema: string;
  readonly table: string;
  readonly columns: readonly LoadColumn[];
  /** Key column names. */
  readonly keys: readonly string[];
  /** True when a unique index covers exactly the key columns (ON CONFLICT can use it). */
  readonly hasKeyConstraint: boolean;
}
