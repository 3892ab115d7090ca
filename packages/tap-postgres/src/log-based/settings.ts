import { connect, primarySettings, type Queryable, type SessionSettings } from '@pgsinger/postgres';
import type { Client } from 'pg';
import type { TapConfig } from '../config';
import { readSlot, replicationSlotCandidates, type LogicalDecodingPlugin } from '../replication';
import { TAP_APPLICATION_NAME, TAP_SESSION_SETTINGS } from '../tap-session';

/** Session settings of replication connections: the tap's value formats plus `wal_sender_timeout` when set. */
export function replicationSessionSettings(config: TapConfig): SessionSettings {
  return {
    ...TAP_SESSION_SETTINGS,
    ...(config.wal_sender_timeout === undefined ? {} : { wal_sender_timeout: config.wal_sender_timeout }),
  };
}

/** A replication (walsender) connection to the primary; it reuses the shared SSH tunnel. */
export function connectReplication(config: TapConfig): Promise<Client> {
  return connect(primarySettings(config), {
    replication: 'database',
    applicationName: TAP_APPLICATION_NAME,
    sessionSettings: replicationSessionSettings(config),
  });
}

/** The configured decoding plugin. */
export function decodingPlugin(config: TapConfig): LogicalDecodingPlugin {
  return config.logical_decoding_plugin ?? 'wal2json';
}

/**
 * The slot to use: `slot_name` when set; else, as pipelinewise, `pipelinewise_<dbname>` when that slot exists,
 * otherwise `pipelinewise_<dbname>_<tap_id>` (the last candidate is the one created when none exists).
 */
export async function resolveSlotName(client: Queryable, config: TapConfig): Promise<string> {
  if (config.slot_name !== undefined) return config.slot_name;
  const candidates = replicationSlotCandidates(config.dbname, config.tap_id);
  for (const name of candidates) if ((await readSlot(client, name)) !== undefined) return name;
  return candidates[candidates.length - 1];
}

/** The pgoutput publication: `publication_name`, else the slot name. */
export function publicationName(config: TapConfig, slotName: string): string {
  return config.publication_name ?? slotName;
}
