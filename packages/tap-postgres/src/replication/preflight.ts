import type { Queryable } from '@pgsinger/postgres';
import { ReplicationError } from './replication-error';
import type { LogicalDecodingPlugin, SlotInfo } from './slot-management';
import { checkSlot, readSlot } from './slot-management';

/** Input of preflightReplication. */
export interface PreflightOptions {
  readonly plugin: LogicalDecodingPlugin;
  readonly slotName: string;
  readonly database: string;
}

/** What the preflight found: the slot (undefined when it must be created). */
export interface PreflightResult {
  readonly slot: SlotInfo | undefined;
}

/**
 * Checks, before streaming: wal_level, the REPLICATION privilege and the slot (plugin, database, lost, in use).
 * Throws a ReplicationError naming the fix. (Replica identities are per table: findIdentityGaps.)
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
  return { slot };
}
