import type { Queryable } from '@pgsinger/postgres';
import type { Logger } from '@pgsinger/singer';
import type { LoadColumn, StreamTable } from '../stream-table';
import type { ColumnSpec } from './column-spec';
import { declaredSqlType } from './column-type';
import { createIndexSql, createSchemaSql, createTableSql, grantSelectSql, grantUsageSql, tableChangeSql } from './ddl';
import { planTableChanges, type TableChange } from './plan-table-changes';
import type { StreamPlan } from './plan-stream';
import { RELATION_KINDS, RelationNotTableError, noteDdlStep } from './ddl-error';
import { readTable, relationKind, type ExistingTable } from './read-table';
import { syncPrimaryKey } from './sync-key';
import { warnAboutChanges } from './warn-changes';

/** What syncTable needs: a stream's plan with columns of canonical types, and the time for versioned names. */
export interface SyncTableInput extends Omit<StreamPlan, 'schema'> {
  readonly now: Date;
}

/** The table as it is once synced: its columns as loaded, and whether ON CONFLICT can use its key. */
export type SyncedTable = Pick<StreamTable, 'columns' | 'hasKeyConstraint'>;

/** First key of the advisory lock that serialises DDL per destination schema ('pgsg'). */
const DDL_LOCK_CLASS = 0x70677367;

/** Creates the schema and table, or adds/widens/adopts/versions columns; one transaction; never drops anything. */
export async function syncTable(client: Queryable, input: SyncTableInput, logger: Logger): Promise<SyncedTable> {
  const { schema, table } = input.name;
  let doing = `reading schema ${schema}`;
  const run = async (sql: string): Promise<void> => {
    doing = sql;
    logger.info(`${input.stream}: ${sql}`);
    await client.query(sql);
  };
  await client.query('BEGIN');
  try {
    // Targets loading one schema side by side (the partitions of a scale-out copy) take turns here: two concurrent
    // CREATE TABLE (or SCHEMA) of one name fail in the catalog's unique index. Released at COMMIT or ROLLBACK.
    await client.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [DDL_LOCK_CLASS, schema]);
    const ns = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (ns.rowCount === 0) {
      await run(createSchemaSql(schema));
      for (const role of input.grantees) await run(grantUsageSql(schema, role));
    }
    doing = `reading ${schema}.${table}`;
    const kind = await relationKind(client, schema, table);
    if (kind !== undefined && kind !== 'r' && kind !== 'p') {
      const name = `${schema}.${table}`;
      throw new RelationNotTableError(
        input.stream,
        input.lineNumber,
        name,
        RELATION_KINDS[kind] ?? `relation (${kind})`,
      );
    }
    const existing = await readTable(client, schema, table, input.keys);
    let result: SyncedTable;
    if (existing === undefined) {
      await run(createTableSql(schema, table, input.columns, input.keys));
      for (const role of input.grantees) await run(grantSelectSql(schema, table, role));
      result = { columns: input.columns.map(toLoadColumn()), hasKeyConstraint: input.keys.length > 0 };
    } else {
      const changes = changesFor(input, existing);
      await warnAboutChanges(client, { stream: input.stream, schema, table }, changes, logger);
      for (const sql of tableChangeSql(schema, table, changes)) await run(sql);
      const kept = new Map(existing.columns);
      for (const c of changes) kept.set(c.column, c.type);
      const keyInput = {
        ...input.name,
        stream: input.stream,
        lineNumber: input.lineNumber,
        keys: input.keys,
        existing,
      };
      const hasKeyConstraint = await syncPrimaryKey(client, keyInput, logger, run);
      result = { columns: input.columns.map(toLoadColumn(kept)), hasKeyConstraint };
    }
    for (const spec of input.indices) await run(createIndexSql(schema, table, spec));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw noteDdlStep(error, doing);
  }
}

/** The changes an existing table needs for the input's columns (pure; see planTableChanges). */
export function changesFor(input: SyncTableInput, existing: ExistingTable): TableChange[] {
  return planTableChanges({
    stream: input.stream,
    wanted: input.columns,
    existing: existing.columns,
    keyColumns: input.keys,
    now: input.now,
    lineNumber: input.lineNumber,
  });
}

function toLoadColumn(types?: ReadonlyMap<string, string>): (c: ColumnSpec) => LoadColumn {
  return (c) => ({
    name: c.name,
    path: c.path,
    source: c.source,
    type: types?.get(c.name) ?? c.type,
    sqlText: c.source === 'property' && c.path.length === 1 && declaredSqlType(c.property) !== undefined,
  });
}
