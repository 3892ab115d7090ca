import { createHash } from 'node:crypto';
import { quoteIdent, quoteQualified } from '../identifiers';
import type { StreamTable } from '../stream-table';

/** Staging columns that carry per-row presence and the hard-delete flag. */
export const ABSENT_COLUMN = '_pgs_absent';
/** See ABSENT_COLUMN. */
export const DELETED_COLUMN = '_pgs_deleted';

/** A column as the load SQL sees it. */
export interface SqlColumn {
  readonly name: string;
  readonly type: string;
}

/** The staging table name of a table's column signature: another one once a column is added or changes type. */
export function stagingNameFor(target: Pick<StreamTable, 'schema' | 'table' | 'columns'>): string {
  const signature = createHash('sha256')
    .update(JSON.stringify([target.schema, target.table, target.columns.map((c) => [c.name, c.type])]))
    .digest('hex');
  return `pgs_stage_${signature.slice(0, 16)}`;
}

/** The qualified name of a staging table in the session's temp schema. */
export function stagingTable(name: string): string {
  return quoteQualified('pg_temp', name);
}

/** CREATE TEMP TABLE for staging: the load columns plus presence and delete flags; emptied at each commit. */
export function createStagingSql(name: string, columns: readonly SqlColumn[]): string {
  const cols = columns.map((c) => `${quoteIdent(c.name)} ${c.type}`);
  // Defaults, so that a batch with every column present and no deletes can COPY the data columns only.
  cols.push(
    `${quoteIdent(ABSENT_COLUMN)} text NOT NULL DEFAULT ''`,
    `${quoteIdent(DELETED_COLUMN)} boolean NOT NULL DEFAULT false`,
  );
  return `CREATE TEMP TABLE IF NOT EXISTS ${quoteIdent(name)} (${cols.join(', ')}) ON COMMIT DELETE ROWS`;
}

/** COPY … FROM STDIN (text format) into a table for the given columns. */
export function copyFromSql(table: string, columns: readonly string[]): string {
  return `COPY ${table} (${columns.map(quoteIdent).join(', ')}) FROM STDIN`;
}

/** Options shared by the merge statements. */
export interface MergeSqlInput {
  readonly target: string;
  readonly staging: string;
  /** Columns present in the group of rows being merged. */
  readonly columns: readonly string[];
  readonly keys: readonly string[];
  /** Column types (as in the table), which decide how a changed value is detected; text compare when absent. */
  readonly types?: ReadonlyMap<string, string>;
}

// Equal values of these types are stored identically (unlike numeric 1.0 = 1.00, jsonb, float 0 = -0, interval).
const EXACT_EQUALITY = /^(smallint|integer|bigint|boolean|date|uuid|bytea|timestamp(\(\d\))? with(out)? time zone)$/;
// Byte-wise under the C collation, whatever the column's collation.
const TEXT = /^(text|character varying(\(\d+\))?)$/;

/**
 * SQL that is true when the stored value differs from the incoming one in any way that shows (1.0 vs 1.00, -0 vs 0,
 * jsonb spellings): equality where it implies identity, bytes for text, the text form otherwise. Per column, which
 * is several times cheaper than comparing whole rows as text.
 */
export function changedSql(column: string, type: string | undefined): string {
  const c = quoteIdent(column);
  switch (comparisonCost(type)) {
    case 0:
      return `t.${c} IS DISTINCT FROM EXCLUDED.${c}`;
    case 1:
      return `t.${c} COLLATE "C" IS DISTINCT FROM EXCLUDED.${c} COLLATE "C"`;
    default:
      return `t.${c}::text IS DISTINCT FROM EXCLUDED.${c}::text`;
  }
}

/** 0: plain equality, 1: byte-wise text, 2: both values rendered as text (jsonb, numeric: the costly ones). */
function comparisonCost(type: string | undefined): number {
  if (type !== undefined && EXACT_EQUALITY.test(type)) return 0;
  if (type !== undefined && TEXT.test(type)) return 1;
  return 2;
}

/** One set-based upsert of the staging rows with a given absent set ($1), skipping deletes. */
export function upsertSql(input: MergeSqlInput): string {
  const cols = input.columns.map(quoteIdent);
  const updated = input.columns.filter((c) => !input.keys.includes(c)).map(quoteIdent);
  const updates = updated.map((c) => `${c} = EXCLUDED.${c}`);
  // Rows that would not change are skipped (no new tuple, no WAL): a rerun of the same data writes nothing.
  // Cheapest tests first: OR stops at the first changed column, and a changed timestamp (the usual replication
  // key) then spares rendering jsonb and numeric values as text.
  const changed = input.columns
    .filter((c) => !input.keys.includes(c))
    .map((c, i) => ({ c, i, cost: comparisonCost(input.types?.get(c)) }))
    .sort((a, b) => a.cost - b.cost || a.i - b.i)
    .map(({ c }) => changedSql(c, input.types?.get(c)))
    .join(' OR ');
  const action = updates.length > 0 ? `DO UPDATE SET ${updates.join(', ')} WHERE ${changed}` : 'DO NOTHING';
  return (
    `INSERT INTO ${input.target} AS t (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM ${input.staging} ` +
    `WHERE ${quoteIdent(ABSENT_COLUMN)} = $1 AND NOT ${quoteIdent(DELETED_COLUMN)} ` +
    `ON CONFLICT (${input.keys.map(quoteIdent).join(', ')}) ${action}`
  );
}

function keyMatch(keys: readonly string[], left: string, right: string): string {
  return keys.map((k) => `${left}.${quoteIdent(k)} = ${right}.${quoteIdent(k)}`).join(' AND ');
}

/** Fallback for tables without a unique key: UPDATE the matching rows of a group… */
export function updateExistingSql(input: MergeSqlInput): string | undefined {
  const sets = input.columns.filter((c) => !input.keys.includes(c)).map((c) => `${quoteIdent(c)} = s.${quoteIdent(c)}`);
  if (sets.length === 0) return undefined;
  return (
    `UPDATE ${input.target} t SET ${sets.join(', ')} FROM ${input.staging} s ` +
    `WHERE s.${quoteIdent(ABSENT_COLUMN)} = $1 AND NOT s.${quoteIdent(DELETED_COLUMN)} AND ${keyMatch(input.keys, 't', 's')}`
  );
}

/** …then INSERT the rows of the group whose key is not in the table. */
export function insertMissingSql(input: MergeSqlInput): string {
  const cols = input.columns.map(quoteIdent);
  return (
    `INSERT INTO ${input.target} (${cols.join(', ')}) SELECT ${cols.map((c) => `s.${c}`).join(', ')} FROM ${input.staging} s ` +
    `WHERE s.${quoteIdent(ABSENT_COLUMN)} = $1 AND NOT s.${quoteIdent(DELETED_COLUMN)} ` +
    `AND NOT EXISTS (SELECT 1 FROM ${input.target} t WHERE ${keyMatch(input.keys, 't', 's')})`
  );
}

/** Hard delete by key of the staging rows flagged deleted (no scan of the whole table). */
export function deleteByKeySql(target: string, staging: string, keys: readonly string[]): string {
  return `DELETE FROM ${target} t USING ${staging} s WHERE s.${quoteIdent(DELETED_COLUMN)} AND ${keyMatch(keys, 't', 's')}`;
}
