import { getBookmark, type State } from '@pgsinger/singer';
import type { Client, ClientBase } from 'pg';
import { currentWalLsn, emitHeartbeat, formatLsn, lsnFromBookmark, readSlot, type Lsn } from '../replication';
import { runChangeLoop } from './change-loop';
import type { LogBasedSyncOptions } from './log-based-sync';
import { logBasedStream, schemaMessage } from './log-based-schema';
import { openChangeStream } from './replication-setup';
import { RouteTable } from './route-table';
import { stopRules } from './stop-rules';
import { StreamRoute } from './stream-route';

/** Options of streamChanges: the sync's, on a primary client, with the slot and publication resolved. */
export interface StreamChangesOptions extends LogBasedSyncOptions {
  readonly client: ClientBase;
  /** A primary connection with pg's type parsing (slot, heartbeat, WAL position). */
  readonly control: ClientBase;
  readonly slotName: string;
  readonly publication: string;
  /** The replication connection, when opened beforehand. */
  readonly replication?: Promise<Client>;
}

/**
 * Streams the changes of every LOG_BASED stream (each has its `lsn` now) from the oldest bookmark. A heartbeat is
 * written first, so that a run that sees no selected change still ends with a newer position in its state.
 */
export async function streamChanges(options: StreamChangesOptions, initial: State): Promise<State> {
  const { client, control, config, logger, writer } = options;
  const timeExtracted = options.now().toISOString();
  const routes = options.streams.map((resolved) => {
    const bookmark = getBookmark(initial, resolved.tapStreamId) ?? {};
    const lsn = lsnFromBookmark(bookmark.lsn) ?? 0n;
    const version = typeof bookmark.version === 'number' ? bookmark.version : options.now().getTime();
    const stream = logBasedStream(resolved, config.debug_lsn);
    const entry = options.entries.get(resolved.tapStreamId);
    if (entry === undefined) throw new Error(`No catalog entry for ${resolved.tapStreamId}`);
    return new StreamRoute(stream, entry, lsn, version, timeExtracted);
  });
  if (routes.length === 0) return initial;
  const startLsn = routes.reduce<Lsn>(
    (min, route) => (route.threshold < min ? route.threshold : min),
    routes[0].threshold,
  );
  const slot = await readSlot(control, options.slotName);
  if (slot?.confirmedFlushLsn !== undefined && slot.confirmedFlushLsn > startLsn)
    logger.warn(
      `Slot ${options.slotName} is at ${formatLsn(slot.confirmedFlushLsn)}, past the state's ${formatLsn(startLsn)}: ` +
        'changes in between were confirmed by an earlier run and are not sent again (was an older state used?)',
    );
  if (slot?.confirmedFlushLsn !== undefined && slot.confirmedFlushLsn < startLsn) {
    // The state's position is what this run confirms anyway; moving the slot there first (a fast-forward decode that
    // skips the output plugin) spares the server decoding the previous run's changes once more.
    await control
      .query('SELECT pg_replication_slot_advance($1, $2::pg_lsn)', [options.slotName, formatLsn(startLsn)])
      .catch((error: Error) => logger.warn(`Could not advance slot ${options.slotName}: ${error.message}`));
  }
  try {
    await emitHeartbeat(control);
  } catch (error) {
    logger.warn(
      `No heartbeat (pg_logical_emit_message failed: ${(error as Error).message}); idle slots advance only with changes`,
    );
  }
  const walLsn = await currentWalLsn(control);
  const startMs = Date.now();
  for (const route of routes) await writer.write(schemaMessage(route.stream));
  logger.info(
    `LOG_BASED: streaming slot ${options.slotName} from ${formatLsn(startLsn)}` +
      (config.break_at_end_lsn === false ? '' : ` to ${formatLsn(walLsn)}`),
  );
  const stream = await openChangeStream(config, {
    ...options,
    startLsn,
    streams: options.streams,
    ...(options.replication === undefined ? {} : { connection: options.replication }),
  });
  try {
    return await runChangeLoop(
      {
        client,
        writer,
        logger,
        config,
        signal: options.signal,
        routes: new RouteTable(routes, client, logger),
        stream,
        rules: stopRules(config, startMs, walLsn),
        now: Date.now,
      },
      initial,
    );
  } finally {
    await stream.stop();
  }
}
