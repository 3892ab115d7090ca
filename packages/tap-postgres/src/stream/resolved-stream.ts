import type { CatalogEntry } from '@pgsinger/singer';
import type { ReplicationMethod } from '../config';
import type { JsonSchemaObject } from '../discovery/column-schema';
import type { SqlType } from '../discovery/sql-type';

/** A column of the relation with its exact type (from the database's own `format_type`, never from user input). */
export interface TypedColumn {
  readonly name: string;
  readonly sqlDatatype: string;
}

/** A selected column to read, with its parsed type, in SELECT order. */
export interface StreamColumn {
  readonly name: string;
  readonly type: SqlType;
}

/** A selected stream joined with a fresh discovery of its relation: everything a strategy needs (pure data). */
export interface ResolvedStream {
  readonly tapStreamId: string;
  /** The selected catalog entry it was resolved from (LOG_BASED resolves new columns against it). */
  readonly entry: CatalogEntry;
  /** Stream name of SCHEMA/RECORD/ACTIVATE_VERSION messages: `<schema>-<stream>`, as pipelinewise writes it. */
  readonly outputStream: string;
  readonly schemaName: string;
  readonly tableName: string;
  /** pg_class.relkind: r, p, v or m. */
  readonly relkind: string;
  readonly isView: boolean;
  /** False for a materialized view that was never refreshed (nothing to read: the run skips it with a warning). */
  readonly populated: boolean;
  readonly method: ReplicationMethod;
  readonly replicationKey?: string;
  readonly keyProperties: readonly string[];
  /** Primary key columns of a table (empty for views and keyless tables), for keyset pagination. */
  readonly tableKeys: readonly TypedColumn[];
  readonly columns: readonly StreamColumn[];
  /** The JSON Schema sent in SCHEMA: selected properties with `x-sql-datatype`. */
  readonly schema: JsonSchemaObject;
}
