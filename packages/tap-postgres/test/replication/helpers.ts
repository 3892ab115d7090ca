import { connect } from '@pgsinger/postgres';
import type { TestDatabase } from '@pgsinger/testkit';
import type { Client } from 'pg';
import type {
  ChangeDecoder,
  DecodedChange,
  LogicalDecodingPlugin,
  Lsn,
  PrimaryKeepalive,
  ReplicationStream,
  TableName,
} from '../../src/replication';
import {
  createSlotWithSnapshot,
  emitHeartbeat,
  PgoutputDecoder,
  pgoutputOptions,
  startReplication,
  Wal2jsonDecoder,
  wal2jsonOptions,
} from '../../src/replication';

/** A replication connection (walsender) to the test database. */
export function replicationClient(db: TestDatabase, sessionSettings: Record<string, string> = {}): Promise<Client> {
  return connect(db.settings, { replication: 'database', sessionSettings: { TimeZone: 'UTC', ...sessionSettings } });
}

/** Creates a logical slot the way the tap does (exporting a snapshot) and returns its consistent point. */
export async function createTestSlot(db: TestDatabase, slotName: string, plugin: LogicalDecodingPlugin): Promise<Lsn> {
  const client = await replicationClient(db);
  try {
    return (await createSlotWithSnapshot(client, slotName, plugin)).consistentPoint;
  } finally {
    await client.end();
  }
}

/** A plain connection to the test database. */
export function plainClient(db: TestDatabase): Promise<Client> {
  return connect(db.settings, { sessionSettings: { TimeZone: 'UTC' } });
}

/** The decoder and START_REPLICATION options of a plugin. */
export function pluginSetup(
  plugin: LogicalDecodingPlugin,
  tables: readonly TableName[],
  publication: string,
): { decoder: ChangeDecoder; pluginOptions: Record<string, string> } {
  return plugin === 'wal2json'
    ? { decoder: new Wal2jsonDecoder(), pluginOptions: wal2jsonOptions(tables) }
    : { decoder: new PgoutputDecoder(), pluginOptions: pgoutputOptions([publication]) };
}

/** Item of a change stream. */
export type StreamItem = DecodedChange | PrimaryKeepalive;

/** What openStream opens. */
export interface StreamOptions {
  plugin: LogicalDecodingPlugin;
  slotName: string;
  startLsn: Lsn;
  tables: readonly TableName[];
  publication: string;
  sessionSettings?: Record<string, string>;
  statusIntervalMs?: number;
  highWaterMark?: number;
}

/** Opens a stream of DecodedChange on a new replication connection. */
export async function openStream(db: TestDatabase, options: StreamOptions): Promise<ReplicationStream<DecodedChange>> {
  const client = await replicationClient(db, options.sessionSettings);
  const { decoder, pluginOptions } = pluginSetup(options.plugin, options.tables, options.publication);
  try {
    return await startReplication<DecodedChange>(client, {
      slotName: options.slotName,
      startLsn: options.startLsn,
      pluginOptions,
      decode: (frame) => decoder.decode(frame.payload, frame.walStart),
      ...(options.statusIntervalMs !== undefined ? { statusIntervalMs: options.statusIntervalMs } : {}),
      ...(options.highWaterMark !== undefined ? { highWaterMark: options.highWaterMark } : {}),
    });
  } catch (error) {
    await client.end();
    throw error;
  }
}

/**
 * Reads changes (keepalives dropped) until `commits` commits have arrived, or with `marker` until the commit of the
 * transaction holding the heartbeat message with that content; fails after timeoutMs.
 */
export async function readCommits(
  stream: ReplicationStream<DecodedChange>,
  until: { commits?: number; marker?: string },
  timeoutMs = 20_000,
): Promise<DecodedChange[]> {
  const changes: DecodedChange[] = [];
  let seen = 0;
  let marked = false;
  const deadline = Date.now() + timeoutMs;
  const iterator = stream[Symbol.asyncIterator]();
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out after ${seen} commits: ${JSON.stringify(changes.map((c) => c.kind))}`)),
        Math.max(deadline - Date.now(), 0),
      );
    });
    try {
      const next = await Promise.race([iterator.next(), timeout]);
      if (next.done === true) throw new Error(`stream ended after ${seen} commits`);
      const change = next.value;
      if (change.kind === 'keepalive') continue;
      changes.push(change);
      if (change.kind === 'message' && change.content === until.marker) marked = true;
      if (change.kind === 'commit') {
        seen += 1;
        if (until.commits !== undefined && seen >= until.commits) return changes;
        if (marked) return changes;
      }
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The slot's confirmed_flush_lsn as text. */
export async function confirmedFlush(db: TestDatabase, slotName: string): Promise<string> {
  const result = await db.query<{ lsn: string }>(
    'SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1',
    [slotName],
  );
  return result.rows[0].lsn;
}

/** Only the row changes, without lsn fields (for comparisons). */
export function rowChanges(changes: readonly DecodedChange[]): Record<string, unknown>[] {
  return changes
    .filter((c) => c.kind !== 'begin' && c.kind !== 'commit' && c.kind !== 'message')
    .map((c) => {
      const rest: Record<string, unknown> = { ...c };
      delete rest.lsn;
      delete rest.commitTime;
      return rest;
    });
}

let markers = 0;

/** Writes a heartbeat with a unique content and returns that content (the end marker for readCommits). */
export async function mark(db: TestDatabase): Promise<string> {
  markers += 1;
  const content = `marker-${process.pid}-${markers}`;
  await emitHeartbeat(db, content);
  return content;
}

/** Writes a marker, then streams from the slot up to it: the row changes (see rowChanges); the stream is stopped. */
export async function streamedRowChanges(db: TestDatabase, options: StreamOptions): Promise<Record<string, unknown>[]> {
  const marker = await mark(db);
  const stream = await openStream(db, options);
  try {
    return rowChanges(await readCommits(stream, { marker }));
  } finally {
    await stream.stop();
  }
}
