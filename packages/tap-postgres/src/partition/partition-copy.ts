import { primarySettings } from '@pgsinger/postgres';
import { getBookmark, isRecord, SingerError, setBookmark, type State } from '@pgsinger/singer';
import type { ReplicationMethod } from '../config';
import { logBasedStream } from '../log-based/log-based-schema';
import type { StreamSyncContext, SyncStrategy } from '../run/strategy';
import type { ResolvedStream } from '../stream/resolved-stream';
import { announceStream } from '../sync/announce-stream';
import { keyPointOf, keyPointTexts } from '../sync/key-point';
import { relationRead } from '../sync/select-query';
import { inSnapshot, streamRecords } from '../sync/stream-records';
import { connectTap } from '../tap-session';
import { PARTITION_KEY, type PartitionPlan, type PartitionProgress, type PlannedStream } from './partition-plan';
import { rangeQuery } from './range-query';

/** Bookmark key of a partition's resume point within its range (the last key sent), as FULL_TABLE's. */
const RESUME_KEY = 'last_pk_fetched';

/** A partition's progress on a stream, when its bookmark holds one (pure). */
export function partitionProgress(state: State, tapStreamId: string): PartitionProgress | undefined {
  const value = getBookmark(state, tapStreamId)?.[PARTITION_KEY];
  if (!isRecord(value) || typeof value.plan_id !== 'string' || typeof value.index !== 'number') return undefined;
  return { plan_id: value.plan_id, index: value.index, complete: value.complete === true };
}

/**
 * The strategy of partition `index` of a plan for the streams of one method: each stream's key range in key order,
 * under the plan's table version, checkpointed every `itersize` rows with the last key sent; no ACTIVATE_VERSION
 * (the merged state leaves that to the next run, once every partition has loaded).
 */
export function partitionCopy(plan: PartitionPlan, index: number, method: ReplicationMethod): SyncStrategy {
  return { method, sync: (context, state) => copyRange(context, state, plan, index) };
}

async function copyRange(
  context: StreamSyncContext,
  initial: State,
  plan: PartitionPlan,
  index: number,
): Promise<State> {
  const { logger, writer, config } = context;
  const id = context.stream.tapStreamId;
  const planned = plannedStream(plan, id);
  const progress = partitionProgress(initial, id);
  if (progress?.complete === true) {
    logger.info(`${id}: partition ${index} already copied its range`);
    return initial;
  }
  const rangeOf = (complete: boolean): PartitionProgress => ({ plan_id: plan.plan_id, index, complete });
  const stream = checkedStream(context.stream, planned, config.debug_lsn);
  let state = setBookmark(initial, id, {
    version: planned.version,
    [PARTITION_KEY]: rangeOf(false),
    ...(stream.replicationKey === undefined ? {} : { replication_key: stream.replicationKey }),
  });
  const range = planned.ranges[index];
  if (range === null) {
    logger.info(`${id}: partition ${index} has no rows of this stream`);
    return setBookmark(state, id, { [PARTITION_KEY]: rangeOf(true) });
  }
  const keys = stream.tableKeys;
  const after = keyPointTexts(
    getBookmark(state, id)?.[RESUME_KEY],
    keys.map((key) => key.name),
  );
  const streamContext = { ...context, stream };
  state = await announceStream(streamContext, state, {
    ...(stream.replicationKey === undefined ? {} : { bookmarkProperties: [stream.replicationKey] }),
  });
  logger.info(
    `${id}: partition ${index} of ${plan.partitions}${after === undefined ? '' : ' resumed'}, version ${planned.version}`,
  );
  const query = rangeQuery({
    ...relationRead(stream),
    keys,
    range,
    ...(after === undefined ? {} : { after }),
    ...(stream.replicationKey === undefined ? {} : { notNull: stream.replicationKey }),
  });
  const keyIndexes = keys.map((key) => stream.columns.findIndex((column) => column.name === key.name));
  // LOG_BASED copies read the primary, as the single-process initial copy does (use_secondary reads a replica).
  const own =
    planned.replication_method === 'LOG_BASED' && config.use_secondary === true
      ? await connectTap(primarySettings(config), 'text')
      : undefined;
  const client = own ?? context.client;
  try {
    await inSnapshot(client, () =>
      streamRecords({ ...streamContext, client }, query, planned.version, {
        columns: keyIndexes,
        after: async (lastRow) => {
          if (lastRow !== undefined && keys.length > 0)
            state = setBookmark(state, id, { [RESUME_KEY]: keyPointOf(lastRow, keys, keyIndexes) });
          await writer.write({ type: 'STATE', value: state });
        },
      }),
    );
  } finally {
    await own?.end().catch(() => undefined);
  }
  return setBookmark(state, id, { [RESUME_KEY]: undefined, [PARTITION_KEY]: rangeOf(true) });
}

function plannedStream(plan: PartitionPlan, id: string): PlannedStream {
  const planned = plan.streams.find((stream) => stream.tap_stream_id === id);
  if (planned === undefined) throw new SingerError(`stream ${id} is not in the plan`, 'PLAN_MISMATCH');
  return planned;
}

/** The stream as the partition sends it; its key must still be the one the plan split. */
function checkedStream(resolved: ResolvedStream, planned: PlannedStream, debugLsn: boolean): ResolvedStream {
  if (resolved.method !== planned.replication_method)
    throw new SingerError(
      `stream ${resolved.tapStreamId} is ${resolved.method} in --catalog, ${planned.replication_method} in the plan`,
      'PLAN_MISMATCH',
      'use the catalog the plan was made with',
    );
  const now = resolved.tableKeys.map((key) => key.name).join(', ');
  const then = planned.split_key.map((key) => key.name).join(', ');
  if (now !== then)
    throw new SingerError(
      `stream ${resolved.tapStreamId}: the plan split the key (${then}), the table's primary key is now (${now})`,
      'PLAN_STALE',
      'make a new plan with --plan-partitions',
    );
  return planned.replication_method === 'LOG_BASED' ? logBasedStream(resolved, debugLsn) : resolved;
}
