import type { Queryable } from '@pgsinger/postgres';
import { quoteIdent, quoteQualified } from '@pgsinger/postgres';
import type { TableName } from './decoded-change';
import { ReplicationError } from './replication-error';

/** What ensurePublication did. */
export interface PublicationChange {
  readonly created: boolean;
  readonly addedTables: readonly TableName[];
}

const key = (t: TableName): string => `${t.schema}\u0000${t.table}`;

/**
 * Makes sure the pgoutput publication exists and covers the tables: creates it `FOR TABLE ONLY …` with
 * `publish_via_partition_root = true` (changes on partitions arrive under the root), or adds the missing tables.
 */
export async function ensurePublication(
  client: Queryable,
  name: string,
  tables: readonly TableName[],
): Promise<PublicationChange> {
  try {
    const existing = await client.query<{ puballtables: boolean; pubviaroot: boolean }>(
      'SELECT puballtables, pubviaroot FROM pg_publication WHERE pubname = $1',
      [name],
    );
    // ONLY: an inheritance parent without its children, which are streams of their own (partitions are still included).
    const list = tables.map((t) => `ONLY ${quoteQualified(t.schema, t.table)}`).join(', ');
    if (existing.rows.length === 0) {
      await client.query(
        `CREATE PUBLICATION ${quoteIdent(name)} FOR TABLE ${list} WITH (publish_via_partition_root = true)`,
      );
      return { created: true, addedTables: tables };
    }
    const publication = existing.rows[0];
    if (!publication.pubviaroot)
      await client.query(`ALTER PUBLICATION ${quoteIdent(name)} SET (publish_via_partition_root = true)`);
    if (publication.puballtables) return { created: false, addedTables: [] };
    const published = await client.query<{ schemaname: string; tablename: string }>(
      'SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = $1',
      [name],
    );
    const have = new Set(published.rows.map((r) => key({ schema: r.schemaname, table: r.tablename })));
    const missing = tables.filter((t) => !have.has(key(t)));
    if (missing.length > 0) {
      const add = missing.map((t) => `ONLY ${quoteQualified(t.schema, t.table)}`).join(', ');
      await client.query(`ALTER PUBLICATION ${quoteIdent(name)} ADD TABLE ${add}`);
    }
    return { created: false, addedTables: missing };
  } catch (error) {
    if (error instanceof Error && /must be owner|permission denied/.test(error.message))
      throw new ReplicationError(
        `Cannot create or change publication ${name}: ${error.message}`,
        'PUBLICATION_PRIVILEGE_MISSING',
        `create it as the tables' owner: CREATE PUBLICATION ${quoteIdent(name)} FOR TABLE … WITH (publish_via_partition_root = true)`,
        { cause: error },
      );
    throw error;
  }
}

/** Drops a publication when it exists. */
export async function dropPublication(client: Queryable, name: string): Promise<void> {
  await client.query(`DROP PUBLICATION IF EXISTS ${quoteIdent(name)}`);
}
