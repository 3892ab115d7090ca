import { getBookmark, setBookmark, setCurrentlySyncing, type State } from '@pgsinger/singer';
import type { Client } from 'pg';
import type { TapConfig } from '../config';
import { createSlotWithSnapshot, lsnToBookmark, type LogicalDecodingPlugin } from '../replication';
import { fullTableStrategy, RESUME_KEY } from '../sync/full-table';
import type { ResolvedStream } from '../sync/resolved-stream';
import type { StreamSyncContext } from '../sync/sync-strategy';
import { logBasedStream } from './log-based-schema';
import { connectReplication } from './settings';

/** The context of the copies, without the stream. */
export type CopyContext = Omit<StreamSyncContext, 'stream' | 'snapshotName'>;

/** Whether a stream's initial copy was interrupted (it has its `lsn` and a resume point). */
export function copyInterrupted(state: State, id: string): boolean {
  const bookmark = getBookmark(state, id) ?? {};
  return bookmark[RESUME_KEY] !== undefined || (bookmark.xmin !== undefined && bookmark.xmin !== null);
}

/** Copies one stream like FULL_TABLE (in `snapshotName` when given); its `lsn` bookmark is set before the copy. */
export async function copyStream(
  context: CopyContext,
  stream: ResolvedStream,
  state: State,
  startLsn: bigint | undefined,
  snapshotName?: string,
): Promise<State> {
  let next = setCurrentlySyncing(state, stream.tapStreamId);
  if (startLsn !== undefined) next = setBookmark(next, stream.tapStreamId, { lsn: lsnToBookmark(startLsn) });
  context.logger.info(`${stream.tapStreamId}: LOG_BASED initial copy${snapshotName === undefined ? ' (resumed)' : ''}`);
  next = await fullTableStrategy.sync(
    {
      ...context,
      stream: logBasedStream(stream, context.config.debug_lsn),
      ...(snapshotName === undefined ? {} : { snapshotName }),
    },
    next,
  );
  next = setCurrentlySyncing(next, null);
  await context.writer.write({ type: 'STATE', value: next });
  return next;
}

/**
 * Creates a slot with an exported snapshot (the tap's slot, or a TEMPORARY one when the slot already streams other
 * tables), copies the streams in that snapshot and sets their `lsn` to its consistent point: the copy holds exactly
 * the transactions whose commit record starts before that point, and the stream applies those from it on.
 */
export async function copyInSlotSnapshot(
  context: CopyContext,
  streams: readonly ResolvedStream[],
  state: State,
  slot: { readonly name: string; readonly plugin: LogicalDecodingPlugin; readonly temporary: boolean },
): Promise<State> {
  const config: TapConfig = context.config;
  const replication: Client = await connectReplication(config);
  try {
    const created = await createSlotWithSnapshot(replication, slot.name, slot.plugin, { temporary: slot.temporary });
    context.logger.info(
      `${slot.temporary ? 'Temporary slot' : 'Replication slot'} ${slot.name} created; copying in snapshot ${created.snapshotName}`,
    );
    let next = state;
    for (const stream of streams) {
      next = await copyStream(context, stream, next, created.consistentPoint, created.snapshotName);
      if (context.signal.aborted) throw context.signal.reason;
    }
    return next;
  } finally {
    // Ending the connection releases the snapshot (and drops a temporary slot).
    await replication.end().catch(() => undefined);
  }
}
