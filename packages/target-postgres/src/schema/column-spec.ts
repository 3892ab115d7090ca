import type { ColumnSource } from '../stream-table';
import type { JsonSchemaProperty } from './json-schema';

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
