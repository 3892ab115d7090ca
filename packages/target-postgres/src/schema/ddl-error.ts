import { isKnownError } from '@pgsinger/singer';
import { sqlState, SqlState } from '@pgsinger/postgres';
import { SchemaError } from '../errors';

/** A destination relation of the stream's table name that is not a table: the stream is skipped, the others load. */
export class RelationNotTableError extends SchemaError {
  constructor(stream: string, lineNumber: number, relation: string, kind: string) {
    super(
      `line ${lineNumber}: stream ${stream}: ${relation} is a ${kind}, not a table, so the stream's records were not loaded`,
      'map the stream to another schema with schema_mapping, or deselect the stream in the tap catalog',
    );
  }
}

/** The one error that ends a run in which streams were skipped: each named with its relation. */
export function notLoadedError(refused: readonly RelationNotTableError[]): SchemaError {
  if (refused.length === 1 && refused[0] !== undefined) return refused[0];
  return new SchemaError(
    `${refused.length} streams were not loaded: ${refused.map((e) => e.message).join('; ')}`,
    refused[0]?.fix ?? '',
  );
}

/** pg_class.relkind → what it is called. */
export const RELATION_KINDS: Readonly<Record<string, string>> = {
  r: 'table',
  p: 'partitioned table',
  v: 'view',
  m: 'materialized view',
  f: 'foreign table',
  S: 'sequence',
  i: 'index',
  I: 'partitioned index',
  c: 'composite type',
  t: 'TOAST table',
};

const FIXES: Readonly<Record<string, string>> = {
  [SqlState.insufficient_privilege]:
    "grant the target's user what the statement needs (CREATE on the database or schema, ownership of the table), " +
    'or route the stream to a schema it owns with schema_mapping',
  [SqlState.undefined_object]:
    'create what the message names (e.g. a role of the select permissions), or remove it from the config',
  [SqlState.duplicate_object]:
    'another object already has that name: rename or drop it, or route the stream elsewhere with schema_mapping',
  [SqlState.duplicate_table]:
    'another relation already has that name: rename or drop it, or route the stream elsewhere with schema_mapping',
  [SqlState.lock_not_available]: 'another session holds a lock on the table: rerun when it has finished',
  [SqlState.query_canceled]: 'the statement was canceled (statement_timeout or lock_timeout): rerun, or raise them',
  [SqlState.disk_full]: 'free disk space on the destination, then rerun from the last state',
};

const steps = new WeakMap<object, string>();

/** Notes what was being done when an error happened (the statement), for ddlError; returns the error. */
export function noteDdlStep(error: unknown, doing: string): unknown {
  if (typeof error === 'object' && error !== null && !steps.has(error)) steps.set(error, doing);
  return error;
}

/**
 * A PostgreSQL error while preparing a stream's table, as one known error naming the stream, the SCHEMA's input line
 * and what was being done; known errors (a lost connection is one once the pool has seen it) pass through unchanged.
 */
export function ddlError(
  error: unknown,
  stream: string,
  lineNumber: number,
  fallback = 'preparing the table',
): unknown {
  if (isKnownError(error)) return error;
  const state = sqlState(error);
  const message = error instanceof Error ? error.message : String(error);
  const doing = (typeof error === 'object' && error !== null ? steps.get(error) : undefined) ?? fallback;
  return new SchemaError(
    `line ${lineNumber}: stream ${stream}: ${doing} failed: ${message}${state === undefined ? '' : ` (SQLSTATE ${state})`}`,
    (state !== undefined ? FIXES[state] : undefined) ??
      'fix the destination as the message says (or route the stream elsewhere with schema_mapping), then rerun from the last state',
  );
}
