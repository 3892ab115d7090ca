import { quoteIdent, quoteQualified } from '@pgsinger/postgres';
import type { ResolvedStream, TypedColumn } from '../stream/resolved-stream';

/** SQL text with its parameters (values are never spliced into the text). */
export interface SelectQuery {
  readonly text: string;
  readonly values: unknown[];
}

/** What every read of a relation names. */
export interface RelationRead {
  readonly schema: string;
  readonly table: string;
  readonly columns: readonly string[];
  /** Read with ONLY: the table's own rows, without those of its inheritance children. */
  readonly only: boolean;
}

/**
 * What a read of a stream's relation names: its selected columns, and ONLY for a plain table, so that an inheritance
 * parent gives its own rows in every method (its children are streams of their own, as in LOG_BASED, where a child's
 * changes carry the child's name). A partitioned table is read whole: its rows are its partitions'.
 */
export function relationRead(stream: ResolvedStream): RelationRead {
  return {
    schema: stream.schemaName,
    table: stream.tableName,
    columns: stream.columns.map((column) => column.name),
    only: stream.relkind === 'r',
  };
}

/** The quoted select list. */
export const selectList = (columns: readonly string[]): string => columns.map(quoteIdent).join(', ');
/** `FROM [ONLY] schema.table` of a read. */
export const fromClause = (read: RelationRead): string =>
  `FROM ${read.only ? 'ONLY ' : ''}${quoteQualified(read.schema, read.table)}`;

/** FULL_TABLE: the whole relation; in key order after `after` (the last key emitted) when the table has a key. */
export function fullTableQuery(
  read: RelationRead & { readonly keys?: readonly TypedColumn[]; readonly after?: readonly string[] },
): SelectQuery {
  let text = `SELECT ${selectList(read.columns)} ${fromClause(read)}`;
  const keys = read.keys ?? [];
  const values: unknown[] = [];
  if (keys.length > 0) {
    if (read.after !== undefined) {
      const params = keys.map((key, i) => `$${i + 1}::${key.sqlDatatype}`).join(', ');
      text += ` WHERE (${keys.map((key) => quoteIdent(key.name)).join(', ')}) > (${params})`;
      values.push(...read.after);
    }
    text += ` ORDER BY ${keys.map((key) => quoteIdent(key.name)).join(', ')}`;
  }
  return { text, values };
}

/**
 * XMIN: rows written by transactions in the window [since, since + span) of 64-bit transaction ids, compared on
 * the 32-bit xmin modulo 2^32 (so wraparound is handled); without a window, every row.
 */
export function xminQuery(
  read: RelationRead & { readonly window?: { readonly since32: string; readonly span: string } },
): SelectQuery {
  const text = `SELECT ${selectList(read.columns)} ${fromClause(read)}`;
  if (read.window === undefined) return { text, values: [] };
  return { text: `${text} WHERE ${xminInWindow(1)}`, values: [read.window.since32, read.window.span] };
}

/**
 * The condition "the row's xmin lies in the window" with the window's `since32` and `span` as parameters `$first`
 * and `$first + 1` (xmin 0–2 are special: invalid, bootstrap, frozen, so never in a window).
 */
export function xminInWindow(first: number): string {
  return (
    `xmin::text::bigint >= 3` +
    ` AND ((xmin::text::bigint - $${first}::bigint + 4294967296) % 4294967296) < $${first + 1}::bigint`
  );
}
