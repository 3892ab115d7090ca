import { sqlState, SqlState, type Queryable } from '@pgsinger/postgres';
import type { Logger } from '@pgsinger/singer';
import { SchemaError } from '../errors';
import { quoteIdent, quoteQualified } from '../identifiers';
import type { ExistingTable } from './read-table';

/** What syncPrimaryKey needs to know. */
export interface KeySyncInput {
  readonly stream: string;
  readonly lineNumber: number;
  readonly schema: string;
  readonly table: string;
  /** The key columns the stream's SCHEMA declares now. */
  readonly keys: readonly string[];
  readonly existing: ExistingTable;
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((column) => b.includes(column));

/**
 * Brings an existing table's primary key in line with the stream's `key_properties` (inside syncTable's transaction):
 * keys changed → the primary key is replaced when the rows allow it (else one error naming the old and new keys and
 * what to do); keys declared on a table without a primary key → one is added when the rows allow it (else the load
 * merges without a constraint, as before); keys dropped → the primary key is dropped (the stream appends). Each change
 * is logged at WARNING. Returns whether ON CONFLICT can use the keys.
 */
export async function syncPrimaryKey(
  client: Queryable,
  input: KeySyncInput,
  logger: Logger,
  run: (sql: string) => Promise<void>,
): Promise<boolean> {
  const { keys, existing } = input;
  const target = quoteQualified(input.schema, input.table);
  const pk = existing.primaryKey;
  const old = pk?.columns ?? [];
  if (pk !== undefined ? sameSet(old, keys) : keys.length === 0 || existing.hasKeyConstraint) {
    return existing.hasKeyConstraint;
  }
  const change = `key_properties of stream ${input.stream} changed from ${JSON.stringify(old)} to ${JSON.stringify(keys)}`;
  const statements: string[] = [];
  if (pk !== undefined) statements.push(`ALTER TABLE ${target} DROP CONSTRAINT ${quoteIdent(pk.name)}`);
  // The old key's columns were NOT NULL only for the key: a later record may leave them out.
  for (const column of old.filter((c) => !keys.includes(c)))
    statements.push(`ALTER TABLE ${target} ALTER COLUMN ${quoteIdent(column)} DROP NOT NULL`);
  if (keys.length > 0) statements.push(`ALTER TABLE ${target} ADD PRIMARY KEY (${keys.map(quoteIdent).join(', ')})`);
  logger.warn(`line ${input.lineNumber}: ${change}: changing the primary key of ${input.schema}.${input.table}`);
  await client.query('SAVEPOINT pgs_key');
  try {
    for (const sql of statements) await run(sql);
    await client.query('RELEASE SAVEPOINT pgs_key');
    return keys.length > 0;
  } catch (error) {
    const state = sqlState(error);
    if (state !== SqlState.unique_violation && state !== SqlState.not_null_violation) throw error;
    await client.query('ROLLBACK TO SAVEPOINT pgs_key');
    const why = state === SqlState.unique_violation ? 'duplicate' : 'NULL';
    if (pk === undefined) {
      // A table made without a key (by an append-only stream, or by hand): it keeps loading as before.
      logger.warn(
        `line ${input.lineNumber}: ${input.schema}.${input.table} has ${why} values in ${JSON.stringify(keys)}: ` +
          'no primary key added; records are merged by key without one (UPDATE, then INSERT of new keys)',
      );
      return false;
    }
    throw new SchemaError(
      `line ${input.lineNumber}: ${change}, but ${input.schema}.${input.table} has rows with ${why} values in ` +
        `${JSON.stringify(keys)}, so that cannot be its primary key`,
      `make those rows unique and non-null in the new key columns, or rename or drop ${input.schema}.${input.table} ` +
        `to load it afresh, or send the old key_properties ${JSON.stringify(old)}`,
    );
  }
}
