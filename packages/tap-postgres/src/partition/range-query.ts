import { quoteIdent } from '@pgsinger/postgres';
import { fromClause, selectList, type RelationRead, type SelectQuery } from '../sync/select-query';
import type { TypedColumn } from '../stream/resolved-stream';
import type { KeyRange } from './partition-plan';

/** What a partition reads of a stream. */
export interface RangeRead extends RelationRead {
  /** The key the range is on (empty: the whole relation, unordered). */
  readonly keys: readonly TypedColumn[];
  readonly range: KeyRange;
  /** The last key this partition sent (resume strictly after it). */
  readonly after?: readonly string[];
  /** A column whose NULL rows are left out (INCREMENTAL: rows without a replication key are never sent). */
  readonly notNull?: string;
}

/** A partition's rows: `from <= key < to` (and `key > after`), in key order (pure). */
export function rangeQuery(read: RangeRead): SelectQuery {
  const values: unknown[] = [];
  const tuple = (texts: readonly string[]): string =>
    `(${read.keys
      .map((key, i) => {
        values.push(texts[i]);
        return `$${values.length}::${key.sqlDatatype}`;
      })
      .join(', ')})`;
  const keys = `(${read.keys.map((key) => quoteIdent(key.name)).join(', ')})`;
  const conditions: string[] = [];
  if (read.keys.length > 0) {
    if (read.range.from !== undefined) conditions.push(`${keys} >= ${tuple(read.range.from)}`);
    if (read.range.to !== undefined) conditions.push(`${keys} < ${tuple(read.range.to)}`);
    if (read.after !== undefined) conditions.push(`${keys} > ${tuple(read.after)}`);
  }
  if (read.notNull !== undefined) conditions.push(`${quoteIdent(read.notNull)} IS NOT NULL`);
  let text = `SELECT ${selectList(read.columns)} ${fromClause(read)}`;
  if (conditions.length > 0) text += ` WHERE ${conditions.join(' AND ')}`;
  if (read.keys.length > 0) text += ` ORDER BY ${read.keys.map((key) => quoteIdent(key.name)).join(', ')}`;
  return { text, values };
}
