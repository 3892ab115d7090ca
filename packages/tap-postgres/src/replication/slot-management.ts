import type { Queryable } from '@pgsinger/postgres';
import { quoteIdent } from '@pgsinger/postgres';
import type { Lsn } from './lsn';
import { parseLsn } from './lsn';
import { ReplicationError } from './replication-error';
import { toReplicationError } from './to-replication-error';

/** The logical decoding plugins we support. */
export const LOGICAL_DECODING_PLUGINS = ['wal2json', 'pgoutput'] as const;

/** One of LOGICAL_DECODING_PLUGINS. */
export type LogicalDecodingPlugin = (typeof LOGICAL_DECODING_PLUGINS)[number];

/** A row of pg_replication_slots, as far as we use it. */
export interface SlotInfo {
  readonly slotName: string;
  readonly plugin: string | null;
  readonly slotType: string;
  readonly database: string | null;
  readonly active: boolean;
  readonly confirmedFlushLsn: Lsn | undefined;
  readonly restartLsn: Lsn | undefined;
  /** `reserved`, `extended`, `unreserved` or `lost` (PostgreSQL 13+; undefined before). */
  readonly walStatus: string | undefined;
}

/** A slot just created with an exported snapshot. */
export interface CreatedSlot {
  readonly slotName: string;
  /** The slot's consistent point: every transaction committing after it will be streamed. */
  readonly consistentPoint: Lsn;
  /** Valid while the creating connection stays open and idle: `SET TRANSACTION SNAPSHOT` it for the initial copy. */
  readonly snapshotName: string;
}

const lsnOrUndefined = (value: unknown): Lsn | undefined => (typeof value === 'string' ? parseLsn(value) : undefined);

/** Reads one slot from pg_replication_slots, or undefined when there is none of that name. */
export async function readSlot(client: Queryable, slotName: string): Promise<SlotInfo | undefined> {
  // to_jsonb keeps this working across versions (wal_status exists from PostgreSQL 13).
  const result = await client.query<{ slot: Record<string, unknown> }>(
    'SELECT to_jsonb(s) AS slot FROM pg_replication_slots s WHERE slot_name = $1',
    [slotName],
  );
  const row = result.rows[0]?.slot;
  if (row === undefined) return undefined;
  return {
    slotName,
    plugin: typeof row.plugin === 'string' ? row.plugin : null,
    slotType: String(row.slot_type),
    database: typeof row.database === 'string' ? row.database : null,
    active: row.active === true,
    confirmedFlushLsn: lsnOrUndefined(row.confirmed_flush_lsn),
    restartLsn: lsnOrUndefined(row.restart_lsn),
    walStatus: typeof row.wal_status === 'string' ? row.wal_status : undefined,
  };
}

/** Checks that an existing slot can serve this tap (pure): logical, same plugin and database, not lost, not in use. */
export function checkSlot(slot: SlotInfo, expected: { readonly plugin: string; readonly database: string }): void {
  const name = slot.slotName;
  const recreate = `drop it (SELECT pg_drop_replication_slot('${name}')) and resync the LOG_BASED streams, or set slot_name`;
  if (slot.slotType !== 'logical')
    throw new ReplicationError(`Replication slot ${name} is a physical slot`, 'SLOT_NOT_LOGICAL', recreate);
  if (slot.plugin !== expected.plugin)
    throw new ReplicationError(
      `Replication slot ${name} uses the plugin ${slot.plugin ?? 'none'}, not ${expected.plugin}`,
      'SLOT_PLUGIN_MISMATCH',
      `set logical_decoding_plugin to ${slot.plugin ?? 'the slot plugin'}, or ${recreate}`,
    );
  if (slot.database !== expected.database)
    throw new ReplicationError(
      `Replication slot ${name} belongs to database ${slot.database ?? 'none'}, not ${expected.database}`,
      'SLOT_OTHER_DATABASE',
      'set slot_name (or tap_id) to a slot of this database',
    );
  if (slot.walStatus === 'lost')
    throw new ReplicationError(
      `Replication slot ${name} is lost: the server removed WAL it still needed (wal_status = lost)`,
      'SLOT_LOST',
      `${recreate}; raise max_slot_wal_keep_size or run the tap more often`,
    );
  if (slot.active)
    throw new ReplicationError(
      `Replication slot ${name} is in use by another connection`,
      'SLOT_IN_USE',
      'stop the other consumer of this slot (pg_stat_replication) or set a different tap_id/slot_name',
    );
}

/**
 * Creates a logical slot on a replication connection with `EXPORT_SNAPSHOT`. The snapshot sees exactly the
 * transactions committed before the consistent point, so a copy made in it and a stream started at the consistent
 * point neither miss nor repeat a change. Keep the connection open and idle until the copy has imported the snapshot.
 */
export async function createSlotWithSnapshot(
  replicationClient: Queryable,
  slotName: string,
  plugin: LogicalDecodingPlugin,
  options: { readonly temporary?: boolean } = {},
): Promise<CreatedSlot> {
  try {
    const temporary = options.temporary === true ? ' TEMPORARY' : '';
    const result = await replicationClient.query<{ consistent_point: string; snapshot_name: string }>(
      `CREATE_REPLICATION_SLOT ${quoteIdent(slotName)}${temporary} LOGICAL ${quoteIdent(plugin)} EXPORT_SNAPSHOT`,
    );
    const row = result.rows[0];
    return { slotName, consistentPoint: parseLsn(row.consistent_point), snapshotName: row.snapshot_name };
  } catch (error) {
    throw toReplicationError(error, { slotName, plugin });
  }
}

/** Drops a slot (it must not be in use); false when there was none. */
export async function dropSlot(client: Queryable, slotName: string): Promise<boolean> {
  const result = await client.query(
    'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1',
    [slotName],
  );
  return (result.rowCount ?? 0) > 0;
}
