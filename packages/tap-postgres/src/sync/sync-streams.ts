import {
  createProgressReporter,
  isStreamSelected,
  streamMetadata,
  setCurrentlySyncing,
  type Catalog,
  type Logger,
  type MessageWriter,
  type State,
} from '@pgsinger/singer';
import { CatalogError } from '@pgsinger/singer';
import type { ClientBase } from 'pg';
import type { TapConfig } from '../config';
import { syncLogBased } from '../log-based/log-based-sync';
import { loadStreams } from './load-streams';
import { resetOnReplicationChange } from './reset-on-replication-change';
import type { ResolvedStream } from './resolved-stream';
import { STRATEGIES } from './strategies';

/** Everything a sync run needs. */
export interface SyncOptions {
  readonly client: ClientBase;
  readonly catalog: Catalog;
  readonly state: State;
  readonly config: TapConfig;
  readonly writer: MessageWriter;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly now?: () => Date;
}

/** Syncs the selected streams (the one in `currently_syncing` first, then by tap_stream_id); returns the last state. */
export async function syncStreams(options: SyncOptions): Promise<State> {
  const { client, catalog, config, writer, logger, signal } = options;
  const now = options.now ?? (() => new Date());
  const selected = catalog.streams.filter(isStreamSelected);
  logger.info(`Selected streams: ${selected.map((entry) => entry.tap_stream_id).join(', ') || '(none)'}`);
  const streams = orderStreams(
    await loadStreams(client, selected, { defaultMethod: config.default_replication_method, logger }),
    options.state.currently_syncing ?? undefined,
  );
  for (const stream of streams) {
    if (STRATEGIES[stream.method] === undefined && stream.method !== 'LOG_BASED') {
      throw new CatalogError(
        `stream ${stream.tapStreamId}: replication method ${stream.method} is not supported by this version`,
        'METHOD_UNSUPPORTED',
        'use FULL_TABLE, INCREMENTAL, XMIN or LOG_BASED',
      );
    }
  }
  let state = options.state;
  const reporter = createProgressReporter(logger);
  for (const stream of streams) {
    const strategy = STRATEGIES[stream.method];
    if (strategy === undefined) continue;
    state = resetOnReplicationChange(state, stream.tapStreamId, stream.method, stream.replicationKey);
    state = setCurrentlySyncing(state, stream.tapStreamId);
    logger.info(`Beginning sync of stream ${stream.tapStreamId} with ${stream.method}`);
    const entry = selected.find((candidate) => candidate.tap_stream_id === stream.tapStreamId);
    const rowCount = entry === undefined ? undefined : streamMetadata(entry)['row-count'];
    const estimate = stream.method === 'FULL_TABLE' && typeof rowCount === 'number' ? rowCount : undefined;
    const progress = reporter.stream(stream.tapStreamId, { estimate });
    try {
      state = await strategy.sync({ client, writer, logger, config, signal, stream, now, progress }, state);
      progress.finish(signal.aborted ? 'failed' : 'succeeded');
    } catch (error) {
      progress.finish('failed');
      throw error;
    }
    state = setCurrentlySyncing(state, null);
    await writer.write({ type: 'STATE', value: state });
    if (signal.aborted) throw signal.reason;
  }
  const logBased = streams.filter((stream) => stream.method === 'LOG_BASED');
  if (logBased.length > 0) {
    const entries = new Map(selected.map((entry) => [entry.tap_stream_id, entry]));
    state = await syncLogBased({ client, streams: logBased, entries, writer, logger, config, signal, now }, state);
    state = setCurrentlySyncing(state, null);
    await writer.write({ type: 'STATE', value: state });
    if (signal.aborted) throw signal.reason;
  }
  if (streams.length === 0) await writer.write({ type: 'STATE', value: state });
  return state;
}

/** The stream named by `currently_syncing` first, the others by tap_stream_id (pure). */
export function orderStreams(streams: readonly ResolvedStream[], current: string | undefined): ResolvedStream[] {
  const sorted = [...streams].sort((a, b) =>
    a.tapStreamId < b.tapStreamId ? -1 : a.tapStreamId > b.tapStreamId ? 1 : 0,
  );
  const first = sorted.filter((stream) => stream.tapStreamId === current);
  return [...first, ...sorted.filter((stream) => stream.tapStreamId !== current)];
}
