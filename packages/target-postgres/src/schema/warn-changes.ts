import type { Queryable } from '@pgsinger/postgres';
import type { Logger } from '@pgsinger/singer';
import { quoteIdent, quoteQualified } from '../identifiers';
import { convertColumnSql } from './ddl';
import type { TableChange } from './plan-table-changes';

/** Where the changes apply, for the messages. */
export interface ChangedTable {
  readonly stream: string;
  readonly schema: string;
  readonly table: string;
}

/**
 * One WARNING per adopted column (what it keeps, how to convert it) and per versioned column (with the rows whose
 * values stay behind in the renamed column). Runs before the changes, in their transaction: it counts those rows.
 */
export async function warnAboutChanges(
  client: Queryable,
  where: ChangedTable,
  changes: readonly TableChange[],
  logger: Logger,
): Promise<void> {
  const { stream, schema, table } = where;
  for (const change of changes) {
    const column = quoteIdent(change.column);
    if (change.kind === 'adopt') {
      logger.warn(
        `${stream}: column ${column} is ${change.type} in the table and the schema wants ${change.wanted}: kept as ` +
          `${change.type} (${change.note}); for the exact type run ` +
          `${convertColumnSql(schema, table, change.column, change.wanted)} (adjust USING if the cast fails)`,
      );
    } else if (change.kind === 'version') {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM ${quoteQualified(schema, table)} WHERE ${column} IS NOT NULL`,
      );
      logger.warn(
        `${stream}: column ${column} is ${change.from} in the table and cannot hold ${change.type}: renamed to ` +
          `${quoteIdent(change.renameTo)}, keeping the values of ${rows[0]?.n ?? '0'} rows, and added as ${change.type}; ` +
          `rows not sent again have NULL in ${column}`,
      );
    }
  }
}
