import { quoteIdent } from '@pgsinger/postgres';
import type { TypedColumn } from '../stream/resolved-stream';
import { fromClause, selectList, xminInWindow, type RelationRead, type SelectQuery } from './select-query';
import type { XminWindow } from './xmin-window';

/** Where an INCREMENTAL run starts: the bookmark's replication key value, and with a tie-breaker the row after. */
export interface IncrementalStart {
  /** The replication key value of the bookmark (PostgreSQL text input for the key's type). */
  readonly value: string;
  /** The tie-breaker texts of the last row sent at `value`; without them every row at `value` is read again. */
  readonly after?: readonly string[];
  /**
   * Transactions that may have written rows at `value` the last run could not see (from its snapshot's xmin to this
   * run's xmax): such rows at or before `after` are read again. Undefined with `after`: every row at `value` is.
   */
  readonly recheck?: XminWindow;
}

/** What an INCREMENTAL read names. */
export interface IncrementalRead extends RelationRead {
  readonly key: TypedColumn;
  /** Primary key columns ordering rows that share a key value (empty for views and tables without one). */
  readonly tieBreakers: readonly TypedColumn[];
  readonly start?: IncrementalStart;
  readonly limit?: number | null;
}

/** An INCREMENTAL query; with `pastStartColumn`, each row ends with one more column: 't' when it lies after the start. */
export interface IncrementalQuery extends SelectQuery {
  readonly pastStartColumn: boolean;
}

/**
 * INCREMENTAL: rows whose replication key is not NULL, in (key, tie-breakers) order, at most `limit`. From a start
 * with a tie-breaker: strictly after (value, after), plus the rows at `value` that transactions of the recheck window
 * wrote (they come first, and the trailing column tells them apart); from a start without one: `key >= value`, as
 * pipelinewise reads.
 */
export function incrementalQuery(read: IncrementalRead): IncrementalQuery {
  const key = quoteIdent(read.key.name);
  const values: unknown[] = [];
  const param = (value: unknown, type: string): string => {
    values.push(value);
    return `$${values.length}::${type}`;
  };
  const order = [key, ...read.tieBreakers.map((column) => quoteIdent(column.name))].join(', ');
  let where = `${key} IS NOT NULL`;
  let past = '';
  const start = read.start;
  if (start !== undefined) {
    const value = param(start.value, read.key.sqlDatatype);
    where = `${key} >= ${value}`;
    const after = start.after;
    if (after !== undefined && after.length === read.tieBreakers.length && after.length > 0) {
      const point = [value, ...read.tieBreakers.map((column, i) => param(after[i], column.sqlDatatype))].join(', ');
      past = `(${order}) > (${point})`;
      if (start.recheck !== undefined) {
        values.push(start.recheck.since32, start.recheck.span);
        where += ` AND (${past} OR (${key} = ${value} AND ${xminInWindow(values.length - 1)}))`;
      }
    }
  }
  const list = selectList(read.columns) + (past === '' ? '' : `, ${past}`);
  let text = `SELECT ${list} ${fromClause(read)} WHERE ${where} ORDER BY ${order}`;
  if (read.limit !== undefined && read.limit !== null) text += ` LIMIT ${param(read.limit, 'bigint')}`;
  return { text, values, pastStartColumn: past !== '' };
}
