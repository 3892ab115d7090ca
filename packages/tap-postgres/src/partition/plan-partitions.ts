import { randomBytes } from 'node:crypto';
import { withTransaction } from '@pgsinger/postgres';
import {
  CatalogError,
  getBookmark,
  isStreamSelected,
  SingerError,
  type Bookmark,
  type Catalog,
  type Clock,
  type State,
} from '@pgsinger/singer';
import type { ClientBase } from 'pg';
import { lsnFromBookmark, lsnToBookmark } from '../replication';
import type { RunContext } from '../run/run-context';
import { loadStreams } from '../stream/load-streams';
import type { ResolvedStream } from '../stream/resolved-stream';
import { resetOnReplicationChange } from '../stream/reset-on-replication-change';
import { tableVersion } from '../stream/table-version';
import { relationRead } from '../sync/select-query';
import { snapshotXids, type SnapshotXids } from '../sync/snapshot-xids';
import { incrementalHandoff } from './incremental-handoff';
import { keylessRanges, planKeyRanges } from './key-ranges';
import { PLAN_FORMAT, type PartitionPlan, type PlannedStream } from './partition-plan';
import { planSlot } from './plan-slot';

/** What `--plan-partitions N` works with. */
export interface PlanOptions extends RunContext {
  readonly catalog: Catalog;
  readonly state: State;
  readonly partitions: number;
}

/**
 * The plan of a partitioned first copy: for every selected stream that needs one (FULL_TABLE always; INCREMENTAL,
 * XMIN and LOG_BASED without a bookmark), `partitions` key ranges from its primary key's distribution, its table
 * version, and the bookmark the merged state gives it. LOG_BASED: the slot is created now; its consistent point is
 * the streams' `lsn`.
 */
export async function planPartitions(options: PlanOptions): Promise<PartitionPlan> {
  const { client, config, logger, clock, partitions } = options;
  const selected = options.catalog.streams.filter(isStreamSelected);
  const loaded = await loadStreams(client, selected, { defaultMethod: config.default_replication_method, logger });
  // A plan covers every selected stream: one that cannot be read fails the plan (a sync would skip it, not so here).
  if (loaded.failures.length > 0) throw loaded.failures[0].error;
  const streams = loaded.streams;
  let state = options.state;
  for (const stream of streams)
    state = resetOnReplicationChange(state, stream.tapStreamId, stream.method, stream.replicationKey);
  const copied = streams.filter((stream) => needsCopy(stream, getBookmark(state, stream.tapStreamId) ?? {}));
  for (const stream of streams.filter((s) => !copied.includes(s)))
    logger.info(`${stream.tapStreamId}: not in the plan (${stream.method} continues from its bookmark)`);
  if (copied.length === 0)
    throw new SingerError(
      'nothing to plan: every selected stream continues from its bookmark',
      'PLAN_EMPTY',
      'select streams that need a first copy (FULL_TABLE; INCREMENTAL, XMIN or LOG_BASED without a bookmark)',
    );
  for (const stream of copied) assertSplittable(stream);
  const now = clock.now();
  const { database, planned } = await withTransaction(
    client,
    async (tx) => {
      const snapshot = await snapshotXids(tx);
      const name = await tx.query<{ name: string }>('SELECT current_database() AS name');
      const list: PlannedStream[] = [];
      for (const stream of copied) list.push(await planStream(tx, stream, state, { partitions, snapshot, clock }));
      return { database: name.rows[0].name, planned: list };
    },
    { isolation: 'repeatable read', readOnly: true },
  );
  const logBased = copied.filter((stream) => stream.method === 'LOG_BASED');
  const streamsOut =
    logBased.length === 0
      ? planned
      : await withSlot(
          options,
          planned,
          logBased,
          streams.filter((s) => s.method === 'LOG_BASED'),
          state,
        );
  return {
    format: PLAN_FORMAT,
    plan_id: `${now.toString(36)}-${randomBytes(4).toString('hex')}`,
    created_at: new Date(now).toISOString(),
    database,
    partitions,
    streams: streamsOut,
    state: options.state,
  };
}

/** Whether a stream's next run would copy the whole table (pure). */
export function needsCopy(stream: ResolvedStream, bookmark: Bookmark): boolean {
  switch (stream.method) {
    case 'FULL_TABLE':
      return true;
    case 'INCREMENTAL':
      return bookmark.replication_key_value === undefined || bookmark.replication_key_value === null;
    case 'XMIN':
      return bookmark.xmin === undefined || bookmark.xmin === null;
    case 'LOG_BASED':
      return lsnFromBookmark(bookmark.lsn) === undefined;
  }
}

function assertSplittable(stream: ResolvedStream): void {
  if (stream.isView && (stream.method === 'LOG_BASED' || stream.method === 'XMIN'))
    throw new CatalogError(
      `stream ${stream.tapStreamId} is a view: ${stream.method} needs a table`,
      'CATALOG_INVALID',
      'use FULL_TABLE or INCREMENTAL for views',
    );
}

async function planStream(
  client: ClientBase,
  stream: ResolvedStream,
  state: State,
  at: { readonly partitions: number; readonly snapshot: SnapshotXids; readonly clock: Clock },
): Promise<PlannedStream> {
  const keys = stream.tableKeys;
  const split = { schema: stream.schemaName, table: stream.tableName, only: relationRead(stream).only, keys };
  const ranges = keys.length === 0 ? keylessRanges(at.partitions) : await planKeyRanges(client, split, at.partitions);
  const bookmark = getBookmark(state, stream.tapStreamId) ?? {};
  let handoff: Bookmark = {};
  if (stream.method === 'INCREMENTAL') handoff = await incrementalHandoff(client, stream, at.snapshot);
  if (stream.method === 'XMIN') handoff = { xmin: Number(at.snapshot.xmin) };
  return {
    tap_stream_id: stream.tapStreamId,
    replication_method: stream.method,
    version: stream.method === 'FULL_TABLE' ? at.clock.now() : tableVersion(bookmark, at.clock),
    split_key: keys.map((key) => ({ name: key.name, sql_datatype: key.sqlDatatype })),
    ranges,
    bookmark: handoff,
  };
}

async function withSlot(
  context: RunContext,
  planned: readonly PlannedStream[],
  copied: readonly ResolvedStream[],
  logBased: readonly ResolvedStream[],
  state: State,
): Promise<PlannedStream[]> {
  const slot = await planSlot(context, copied, logBased, state);
  return planned.map((stream) =>
    stream.replication_method === 'LOG_BASED'
      ? { ...stream, bookmark: { lsn: lsnToBookmark(slot.consistentPoint) }, slot_name: slot.slotName }
      : stream,
  );
}
