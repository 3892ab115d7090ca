import type { Queryable } from '@pgsinger/postgres';
import type { TableName } from './decoded-change';
import { ReplicationError } from './replication-error';
import type { LogicalDecodingPlugin, SlotInfo } from './slot-management';
import { checkSlot, readSlot } from './slot-management';

/** Input of preflightReplication. */
export interface PreflightOptions {
  readonly plugin: LogicalDecodingPlugin;
  readonly slotName: string;
  readonly database: string;
  readonly tables: readonly TableName[];
}

/** What the preflight found: the slot (undefined when it must be created) and warnings to log. */
export interface PreflightResult {
  readonly slot: SlotInfo | undefined;
  readonly warnings: readonly string[];
}

/**
 * Checks, before streaming: wal_level, the REPLICATION privilege, the slot (plugin, database, lost, in use) and the
 * replica identity of the tables. Throws a ReplicationError naming the fix; returns warnings for what still works.
 */
export async function preflightReplication(client: Queryable, options: PreflightOptions): Promise<PreflightResult> {
  const walLevel = await client.query<{ wal_level: string }>('SHOW wal_level');
  if (walLevel.rows[0].wal_level !== 'logical')
    throw new ReplicationError(
      `Logical replication is off: wal_level is ${walLevel.rows[0].wal_level}`,
      'WAL_LEVEL_NOT_LOGICAL',
      "set wal_level = logical (ALTER SYSTEM SET wal_level = 'logical') and restart PostgreSQL",
    );
  const role = await client.query<{ allowed: boolean }>(
    `SELECT r.rolsuper OR r.rolreplication OR EXISTS (
       SELECT 1 FROM pg_roles g WHERE g.rolname = 'rds_replication' AND pg_has_role(current_user, g.oid, 'member')
     ) AS allowed FROM pg_roles r WHERE r.rolname = current_user`,
  );
  if (role.rows[0]?.allowed !== true)
    throw new ReplicationError(
      'The connecting role has no REPLICATION privilege',
      'REPLICATION_PRIVILEGE_MISSING',
      'ALTER ROLE <user> REPLICATION (on managed services: grant rds_replication or the provider equivalent)',
    );
  const slot = await readSlot(client, options.slotName);
  if (slot !== undefined) checkSlot(slot, { plugin: options.plugin, database: options.database });
  return { slot, warnings: await checkReplicaIdentity(client, options) };
}

/** Tables without a primary key and with REPLICA IDENTITY DEFAULT or NOTHING: updates and deletes carry no key. */
async function checkReplicaIdentity(client: Queryable, options: PreflightOptions): Promise<string[]> {
  if (options.tables.length === 0) return [];
  const result = await client.query<{ schema: string; table: string; identity: string }>(
    `SELECT n.nspname AS schema, c.relname AS table, c.relreplident AS identity
       FROM unnest($1::text[], $2::text[]) AS t(schema, name)
       JOIN pg_namespace n ON n.nspname = t.schema
       JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.name
      WHERE c.relkind IN ('r', 'p')
        AND (c.relreplident = 'n'
             OR (c.relreplident = 'd' AND NOT EXISTS (
                   SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)))`,
    [options.tables.map((t) => t.schema), options.tables.map((t) => t.table)],
  );
  const names = result.rows.map((r) => `${r.schema}.${r.table}`);
  if (names.length === 0) return [];
  const fix = 'add a primary key or ALTER TABLE … REPLICA IDENTITY FULL (or USING INDEX)';
  if (options.plugin === 'pgoutput')
    // In a publication, such a table refuses UPDATE and DELETE on the source: never do that to the user's database.
    throw new ReplicationError(
      `Tables without a replica identity cannot be published for pgoutput: ${names.join(', ')}`,
      'REPLICA_IDENTITY_MISSING',
      fix,
    );
  return [
    `Tables without a replica identity: deletes and key changes cannot be replicated for ${names.join(', ')}; ${fix}`,
  ];
}
