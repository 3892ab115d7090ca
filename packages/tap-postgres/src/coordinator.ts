import {
  createProgressReporter,
  isStreamSelected,
  setCurrentlySyncing,
  streamMetadata,
  systemClock,
  type Catalog,
  type Clock,
  type ProgressReporter,
  type State,
} from '@pgsinger/singer';
import { quoteQualified } from '@pgsinger/postgres';
import type { ReplicationMethod } from './config';
import type { RunContext } from './run/run-context';
import type { Strategy, StreamSyncContext, SyncStrategy } from './run/strategy';
import { StreamFailures } from './stream-failures';
import { loadStreams } from './stream/load-streams';
import { resetOnReplicationChange } from './stream/reset-on-replication-change';
import type { ResolvedStream } from './stream/resolved-stream';
import { STRATEGIES } from './strategies';

/** Everything a sync run needs: its context (the system clock unless one is given), the catalog and the state. */
export interface SyncOptions extends Omit<RunContext, 'clock'> {
  readonly catalog: Catalog;
  readonly state: State;
  readonly clock?: Clock;
  /** The strategy of each method (default STRATEGIES; a partition run of a plan copies its key ranges instead). */
  readonly strategies?: Readonly<Record<ReplicationMethod, Strategy>>;
}

/** One step of a run: a per-stream strategy with its one stream, or a grouped strategy with all of its streams. */
export interface RunStep {
  readonly strategy: Strategy;
  readonly streams: readonly ResolvedStream[];
}

/**
 * Syncs the selected streams (the one in `currently_syncing` first, then by tap_stream_id; grouped methods after the
 * others) and returns the last state. Here, and only here, a changed replication method resets a stream's bookmark,
 * `currently_syncing` is set and cleared, and a failed stream is skipped (its bookmark kept as it was) while the
 * others go on; a run with failed streams ends with the STREAMS_FAILED error (exit 3) after its final STATE.
 */
export async function syncStreams(options: SyncOptions): Promise<State> {
  const { client, config, writer, logger, signal } = options;
  const run: RunContext = { client, config, writer, logger, signal, clock: options.clock ?? systemClock };
  const selected = options.catalog.streams.filter(isStreamSelected);
  logger.info(`Selected streams: ${selected.map((entry) => entry.tap_stream_id).join(', ') || '(none)'}`);
  const failures = new StreamFailures({ logger, signal, stopOnError: config.stop_on_stream_error });
  const loaded = await loadStreams(client, selected, {
    defaultMethod: config.default_replication_method,
    logger,
    temporalFormat: config.temporal_format,
  });
  for (const failure of loaded.failures) failures.fail([failure.tapStreamId], failure.error);
  const streams = orderStreams(withoutUnpopulated(loaded.streams, run), options.state.currently_syncing ?? undefined);
  const reporter = createProgressReporter(logger, { now: () => run.clock.now() });
  const syncStream = (strategy: SyncStrategy, context: StreamSyncContext, state: State): Promise<State> =>
    runStream(reporter, strategy, context, state);
  const streamFailed = (ids: readonly string[], error: unknown): void => failures.fail(ids, error);
  let state = options.state;
  const steps = planSteps(streams, options.strategies ?? STRATEGIES);
  logger.debug(
    `Plan: ${steps.map((s) => `${s.strategy.method} ${s.streams.map((x) => x.tapStreamId).join(', ')}`).join('; ') || '(nothing)'}`,
  );
  for (const step of steps) {
    for (const stream of step.streams)
      state = resetOnReplicationChange(state, stream.tapStreamId, stream.method, stream.replicationKey);
    const strategy = step.strategy;
    try {
      if ('syncGroup' in strategy) {
        const group = { ...run, syncStream, streamFailed };
        state = await endStep(run, await strategy.syncGroup(group, step.streams, state));
      } else {
        const stream = step.streams[0];
        logger.info(`Beginning sync of stream ${stream.tapStreamId} with ${strategy.method}`);
        state = await syncStream(strategy, { ...run, stream }, state);
      }
    } catch (error) {
      failures.fail(
        step.streams.map((stream) => stream.tapStreamId),
        error,
      );
      state = await endStep(run, state);
    }
  }
  if (streams.length === 0) await writer.write({ type: 'STATE', value: setCurrentlySyncing(state, null) });
  const failed = failures.summary(selected.length);
  if (failed !== undefined) throw failed;
  return state;
}

/** The streams to sync: an unpopulated materialized view has nothing to read and is skipped with a warning. */
function withoutUnpopulated(streams: readonly ResolvedStream[], run: RunContext): ResolvedStream[] {
  return streams.filter((stream) => {
    if (stream.populated) return true;
    const name = quoteQualified(stream.schemaName, stream.tableName);
    run.logger.warn(
      `stream ${stream.tapStreamId} skipped: materialized view ${name} has not been populated (created or refreshed ` +
        `WITH NO DATA), so there is nothing to read; nothing is sent for it and its bookmark is kept — ` +
        `REFRESH MATERIALIZED VIEW ${name} to sync it`,
    );
    return false;
  });
}

/** The stream named by `currently_syncing` first, the others by tap_stream_id (pure). */
export function orderStreams(streams: readonly ResolvedStream[], current: string | undefined): ResolvedStream[] {
  const sorted = [...streams].sort((a, b) =>
    a.tapStreamId < b.tapStreamId ? -1 : a.tapStreamId > b.tapStreamId ? 1 : 0,
  );
  const first = sorted.filter((stream) => stream.tapStreamId === current);
  return [...first, ...sorted.filter((stream) => stream.tapStreamId !== current)];
}

/** A step per stream of a per-stream method, in order, then one step per grouped method with its streams (pure). */
export function planSteps(
  streams: readonly ResolvedStream[],
  strategies: Readonly<Record<ResolvedStream['method'], Strategy>>,
): RunStep[] {
  const single: RunStep[] = [];
  const groups = new Map<Strategy, ResolvedStream[]>();
  for (const stream of streams) {
    const strategy = strategies[stream.method];
    const members = groups.get(strategy);
    if (!('syncGroup' in strategy)) single.push({ strategy, streams: [stream] });
    else if (members === undefined) groups.set(strategy, [stream]);
    else members.push(stream);
  }
  return [...single, ...[...groups].map(([strategy, members]) => ({ strategy, streams: members }))];
}

/** Syncs one stream: `currently_syncing` names it meanwhile, its progress goes to stderr, a STATE follows. */
async function runStream(
  reporter: ProgressReporter,
  strategy: SyncStrategy,
  context: StreamSyncContext,
  initial: State,
): Promise<State> {
  const { stream, signal } = context;
  const rowCount = streamMetadata(stream.entry)['row-count'];
  const estimate = strategy.method === 'FULL_TABLE' && typeof rowCount === 'number' ? rowCount : undefined;
  const progress = reporter.stream(stream.tapStreamId, { estimate });
  let state = setCurrentlySyncing(initial, stream.tapStreamId);
  try {
    state = await strategy.sync({ ...context, progress }, state);
    progress.finish(signal.aborted ? 'failed' : 'succeeded');
  } catch (error) {
    progress.finish('failed');
    throw error;
  }
  return endStep(context, state);
}

/** The end of a step: no stream is syncing, a STATE says so, and an abort ends the run here. */
async function endStep(run: RunContext, state: State): Promise<State> {
  const next = setCurrentlySyncing(state, null);
  await run.writer.write({ type: 'STATE', value: next });
  if (run.signal.aborted) throw run.signal.reason;
  return next;
}
