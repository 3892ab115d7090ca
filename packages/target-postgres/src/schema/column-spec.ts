import type { JsonSchemaProperty } from './json-schema';

/** Where a column's value comes from. */
export const COLUMN_SOURCES = ['property', 'extracted_at', 'batched_at', 'deleted_at', 'table_version'] as const;
/** One of COLUMN_SOURCES. */
export type ColumnSource = (typeof COLUMN_SOURCES)[number];

/** A destination column wanted by a stream's schema. */
export interface ColumnSpec {
  /** Destination column name (normalised, at most 63 bytes). */
  readonly name: string;
  /** Property path in the record (one element unless flattened). */
  readonly path: readonly string[];
  readonly property: JsonSchemaProperty;
  /** The wanted type: `x-sql-datatype` when given, else derived from JSON Schema. */
  readonly type: string;
  /** Derived from JSON Schema only: an existing column of a compatible family is kept as it is. */
  readonly soft: boolean;
  readonly source: ColumnSource;
}
