import { connect, primarySettings } from '@pgsinger/postgres';
import {
  CatalogError,
  getBookmark,
  type CatalogEntry,
  type Logger,
  type MessageWriter,
  type State,
} from '@pgsinger/singer';
import type { ClientBase } from 'pg';
import type { TapConfig } from '../config';
import { ensurePublication, lsnFromBookmark, preflightReplication, ReplicationError, type Lsn } from '../replication';
import { TAP_APPLICATION_NAME, TAP_SESSION_SETTINGS } from '../session-settings';
import { RAW_TEXT_TYPES } from '../sync/read-batches';
import { resetOnReplicationChange } from '../sync/reset-on-replication-change';
import type { ResolvedStream } from '../sync/resolved-stream';
import { copyInSlotSnapshot, copyInterrupted, copyStream, type CopyContext } from './initial-copy';
import { currentDatabaseName, EarlyConnection, streamTables, temporarySlotName } from './replication-setup';
import { connectReplication, decodingPlugin, publicationName, resolveSlotName } from './settings';
import { streamChanges } from './stream-changes';

/** Everything the LOG_BASED sync of all its streams needs. */
export interface LogBasedSyncOptions {
  /** The tap's client (a replica with use_secondary: then a primary connection is opened). */
  readonly client: ClientBase;
  readonly streams: readonly ResolvedStream[];
  /** The catalog entry of each stream, by tap_stream_id (new columns are resolved against it). */
  readonly entries: ReadonlyMap<string, CatalogEntry>;
  readonly writer: MessageWriter;
  readonly logger: Logger;
  readonly config: TapConfig;
  readonly signal: AbortSignal;
  readonly now: () => Date;
}

/**
 * LOG_BASED for every selected LOG_BASED stream at once (one slot): preflight, initial copies lined up with the slot,
 * then one stream of changes from the oldest bookmark.
 */
export async function syncLogBased(options: LogBasedSyncOptions, initial: State): Promise<State> {
  const { config, logger } = options;
  for (const stream of options.streams)
    if (stream.isView)
      throw new CatalogError(
        `stream ${stream.tapStreamId} is a view: LOG_BASED needs a table`,
        'CATALOG_INVALID',
        'use FULL_TABLE or INCREMENTAL for views',
      );
  const own =
    config.use_secondary === true
      ? await connect(primarySettings(config), {
          applicationName: TAP_APPLICATION_NAME,
          sessionSettings: TAP_SESSION_SETTINGS,
          types: RAW_TEXT_TYPES,
        })
      : undefined;
  const client: ClientBase = own ?? options.client;
  let state = initial;
  for (const stream of options.streams)
    state = resetOnReplicationChange(state, stream.tapStreamId, 'LOG_BASED', undefined);
  const lsnOf = (id: string): Lsn | undefined => lsnFromBookmark(getBookmark(state, id)?.lsn);
  const fresh = options.streams.filter((stream) => lsnOf(stream.tapStreamId) === undefined);
  const resumed = options.streams.filter(
    (stream) => lsnOf(stream.tapStreamId) !== undefined && copyInterrupted(state, stream.tapStreamId),
  );
  // With nothing to copy, streaming comes next: its connection is opened while the preflight runs.
  const early =
    fresh.length === 0 && resumed.length === 0 ? new EarlyConnection(() => connectReplication(config)) : undefined;
  // Slot, publication and preflight queries read booleans and JSON: a connection with pg's usual type parsing.
  const control = await connect(primarySettings(config), {
    applicationName: TAP_APPLICATION_NAME,
    sessionSettings: TAP_SESSION_SETTINGS,
  }).catch(async (error: unknown) => {
    await early?.close();
    throw error;
  });
  try {
    const plugin = decodingPlugin(config);
    const slotName = await resolveSlotName(control, config);
    const publication = publicationName(config, slotName);
    const tables = streamTables(options.streams);
    const preflight = await preflightReplication(control, {
      plugin,
      slotName,
      database: await currentDatabaseName(control),
      tables,
    });
    for (const warning of preflight.warnings) logger.warn(warning);
    if (plugin === 'pgoutput') {
      const change = await ensurePublication(control, publication, tables);
      if (change.created || change.addedTables.length > 0)
        logger.info(`Publication ${publication}: ${change.created ? 'created' : 'tables added'}`);
    }
    const copyContext: CopyContext = { ...options, client };
    if (preflight.slot === undefined) {
      const orphans = options.streams.filter((stream) => lsnOf(stream.tapStreamId) !== undefined);
      if (orphans.length > 0)
        throw new ReplicationError(
          `Replication slot ${slotName} does not exist, but the state has positions for ${orphans.map((s) => s.tapStreamId).join(', ')}`,
          'SLOT_MISSING',
          'the changes since then are gone: remove those streams from the state to copy them again, or set slot_name',
        );
      state = await copyInSlotSnapshot(copyContext, fresh, state, { name: slotName, plugin, temporary: false });
    } else if (fresh.length > 0) {
      const name = temporarySlotName(slotName, options.now().getTime());
      state = await copyInSlotSnapshot(copyContext, fresh, state, { name, plugin, temporary: true });
    }
    for (const stream of resumed) state = await copyStream(copyContext, stream, state, undefined);
    if (options.signal.aborted) throw options.signal.reason;
    const replication = early?.take();
    return await streamChanges({ ...options, client, control, slotName, publication, replication }, state);
  } finally {
    await early?.close();
    await own?.end().catch(() => undefined);
    await control.end().catch(() => undefined);
  }
}
