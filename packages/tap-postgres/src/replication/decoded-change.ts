import type { Lsn } from './lsn';

/** Column name → value as PostgreSQL's text output, or null; a column left out (unchanged TOAST) is absent. */
export type ColumnValues = Record<string, string | null>;

/**
 * An empty ColumnValues without a prototype: a column may be named `__proto__` (which `{}` would turn into its
 * prototype, losing the value) or `toString` (which `in` would find on any `{}`).
 */
export function emptyColumnValues(): ColumnValues {
  return Object.create(null) as ColumnValues;
}

/** A schema-qualified table name. */
export interface TableName {
  readonly schema: string;
  readonly table: string;
}

/** Start of a transaction. `endLsn` is known with wal2json (`nextlsn`), not with pgoutput. */
export interface BeginChange {
  readonly kind: 'begin';
  readonly lsn: Lsn;
  /** LSN of the commit record (where it starts). */
  readonly commitLsn: Lsn;
  readonly endLsn?: Lsn;
  /** Commit time, ISO 8601 UTC with microseconds. */
  readonly commitTime: string;
  readonly xid?: number;
}

/** End of a transaction: `endLsn` (the end of its commit record) is the position to confirm once it is committed. */
export interface CommitChange {
  readonly kind: 'commit';
  readonly lsn: Lsn;
  readonly commitLsn: Lsn;
  readonly endLsn: Lsn;
  readonly commitTime: string;
}

/** Fields every row change has. */
interface RowChangeBase extends TableName {
  readonly lsn: Lsn;
  /** Commit time of the transaction, ISO 8601 UTC with microseconds (`_sdc_deleted_at` for deletes). */
  readonly commitTime: string;
}

/** A new row. */
export interface InsertChange extends RowChangeBase {
  readonly kind: 'insert';
  readonly columns: ColumnValues;
}

/** A changed row; `key` holds the old replica identity when the key changed (or every old column with FULL). */
export interface UpdateChange extends RowChangeBase {
  readonly kind: 'update';
  readonly columns: ColumnValues;
  readonly key?: ColumnValues;
}

/** A removed row: `key` holds the replica identity columns (all columns with REPLICA IDENTITY FULL). */
export interface DeleteChange extends RowChangeBase {
  readonly kind: 'delete';
  readonly key: ColumnValues;
}

/** TRUNCATE of one or more tables. */
export interface TruncateChange {
  readonly kind: 'truncate';
  readonly lsn: Lsn;
  readonly commitTime: string;
  readonly tables: readonly TableName[];
  readonly cascade: boolean;
  readonly restartIdentity: boolean;
}

/** A logical decoding message (`pg_logical_emit_message`), e.g. a heartbeat. */
export interface MessageChange {
  readonly kind: 'message';
  readonly lsn: Lsn;
  readonly transactional: boolean;
  readonly prefix: string;
  readonly content: string;
}

/** One decoded change, the same shape for wal2json and pgoutput. */
export type DecodedChange =
  BeginChange | CommitChange | InsertChange | UpdateChange | DeleteChange | TruncateChange | MessageChange;

/** The kinds of DecodedChange. */
export const CHANGE_KINDS = ['begin', 'commit', 'insert', 'update', 'delete', 'truncate', 'message'] as const;

/** One of CHANGE_KINDS. */
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Turns one XLogData payload into a change (undefined for messages that carry none, e.g. pgoutput Relation). */
export interface ChangeDecoder {
  decode(payload: Buffer, walStart: Lsn): DecodedChange | undefined;
}
