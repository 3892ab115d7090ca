import { isSqlState, SqlState, sqlState } from '@pgsinger/postgres';
import { ReplicationError } from './replication-error';

/** Context for the messages of toReplicationError. */
export interface ReplicationErrorContext {
  readonly slotName?: string;
  readonly plugin?: string;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Turns a server error from slot creation or START_REPLICATION into a ReplicationError naming the fix when it is one
 * we know (wal_level, missing plugin, missing privilege, missing or busy slot); other errors are returned as they are.
 */
export function toReplicationError(error: unknown, context: ReplicationErrorContext = {}): unknown {
  const message = messageOf(error);
  const slot = context.slotName ?? 'the slot';
  if (/wal_level/.test(message))
    return new ReplicationError(
      `Logical replication is off: ${message}`,
      'WAL_LEVEL_NOT_LOGICAL',
      "set wal_level = logical (ALTER SYSTEM SET wal_level = 'logical') and restart PostgreSQL",
      { cause: error },
    );
  if (/could not access file|could not load library/.test(message))
    return new ReplicationError(
      `The logical decoding plugin ${context.plugin ?? ''} is not installed on the server: ${message}`,
      'PLUGIN_MISSING',
      context.plugin === 'wal2json'
        ? 'install wal2json on the server (apt-get install postgresql-<major>-wal2json) or set logical_decoding_plugin to pgoutput'
        : 'install the plugin on the server or set logical_decoding_plugin',
      { cause: error },
    );
  if (
    isSqlState(error, 'insufficient_privilege') ||
    /must be superuser or replication role|permission denied to/.test(message)
  )
    return new ReplicationError(
      `No permission for logical replication: ${message}`,
      'REPLICATION_PRIVILEGE_MISSING',
      'ALTER ROLE <user> REPLICATION (on managed services: grant rds_replication or the provider equivalent)',
      { cause: error },
    );
  if (isSqlState(error, 'undefined_object') && /replication slot/.test(message))
    return new ReplicationError(
      `Replication slot ${slot} does not exist`,
      'SLOT_MISSING',
      'run the tap once with a role allowed to create it (REPLICATION), or create it with pg_create_logical_replication_slot',
      { cause: error },
    );
  if (sqlState(error) === SqlState.object_in_use)
    return new ReplicationError(
      `Replication slot ${slot} is in use by another connection`,
      'SLOT_IN_USE',
      'stop the other consumer of this slot (pg_stat_replication) or set a different tap_id/slot_name',
      { cause: error },
    );
  return error;
}
