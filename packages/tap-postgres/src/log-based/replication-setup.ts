import type { Client, ClientBase } from 'pg';
import type { DecodedChange, Lsn, ReplicationStream, TableName } from '../replication';
import {
  escapeWal2jsonName,
  formatLsn,
  PgoutputDecoder,
  pgoutputOptions,
  startReplication,
  toReplicationError,
  Wal2jsonDecoder,
  wal2jsonOptions,
  wal2jsonTableFilter,
} from '../replication';
import type { ResolvedStream } from '../stream/resolved-stream';
import type { LogBasedRun } from './log-based-run';
import { connectReplication } from './settings';

/** The tables of streams (partitioned ones too). */
export function streamTables(streams: readonly ResolvedStream[]): TableName[] {
  return streams.map((stream) => ({ schema: stream.schemaName, table: stream.tableName }));
}

/**
 * wal2json's `add-tables`: plain tables by name; for a partitioned table every table of its schema (`schema.*`),
 * since wal2json reports partitions under their own names and partitions may be created while streaming.
 */
export function wal2jsonAddTables(streams: readonly ResolvedStream[]): string {
  const plain = streams.filter((stream) => stream.relkind !== 'p');
  const schemas = [...new Set(streams.filter((s) => s.relkind === 'p').map((s) => s.schemaName))];
  return [wal2jsonTableFilter(streamTables(plain)), ...schemas.map((schema) => `${escapeWal2jsonName(schema)}.*`)]
    .filter((part) => part !== '')
    .join(',');
}

/**
 * Opens START_REPLICATION from `startLsn`, confirming only `startLsn` (the position the state has committed), on
 * `connection` when one was opened beforehand (see EarlyConnection), else on a new one.
 */
export async function openChangeStream(
  run: LogBasedRun,
  startLsn: Lsn,
  connection?: Promise<Client>,
): Promise<ReplicationStream<DecodedChange>> {
  const { plugin, slotName, streams } = run;
  const decoder = plugin === 'wal2json' ? new Wal2jsonDecoder() : new PgoutputDecoder();
  const pluginOptions =
    plugin === 'wal2json'
      ? { ...wal2jsonOptions(streamTables(streams)), 'add-tables': wal2jsonAddTables(streams) }
      : pgoutputOptions([run.publication]);
  run.logger.debug(
    `LOG_BASED: START_REPLICATION SLOT ${slotName} LOGICAL ${formatLsn(startLsn)} (${plugin} ${JSON.stringify(pluginOptions)}), confirming ${formatLsn(startLsn)}`,
  );
  const client = await (connection ?? connectReplication(run.config));
  try {
    return await startReplication<DecodedChange>(client, {
      slotName,
      startLsn,
      confirmedLsn: startLsn,
      pluginOptions,
      decode: (frame) => decoder.decode(frame.payload, frame.walStart),
      clock: run.clock,
    });
  } catch (error) {
    await client.end().catch(() => undefined);
    throw toReplicationError(error, { slotName, plugin });
  }
}

/** Slot name of a temporary slot for the initial copy of tables added to a streaming slot. */
export function temporarySlotName(slotName: string, nowMs: number): string {
  return `${slotName.slice(0, 40)}_copy_${process.pid}_${nowMs.toString(36)}`.slice(0, 63);
}

/** The primary connection's database name. */
export async function currentDatabaseName(client: ClientBase): Promise<string> {
  const result = await client.query<{ name: string }>('SELECT current_database() AS name');
  return result.rows[0].name;
}

/** A connection opened ahead of its use (its round trips overlap other work): take() hands it over, close() ends it. */
export class EarlyConnection {
  private taken = false;
  private readonly pending: Promise<Client>;

  constructor(open: () => Promise<Client>) {
    this.pending = open();
    // A failure surfaces where the connection is taken; unused, it is dropped.
    this.pending.catch(() => undefined);
  }

  /** The connection, now owned by the caller. */
  take(): Promise<Client> {
    this.taken = true;
    return this.pending;
  }

  /** Ends the connection unless it was taken. */
  async close(): Promise<void> {
    if (this.taken) return;
    const client = await this.pending.catch(() => undefined);
    await client?.end().catch(() => undefined);
  }
}
