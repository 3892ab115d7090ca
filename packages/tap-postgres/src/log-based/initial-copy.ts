import { getBookmark, setBookmark, type State } from '@pgsinger/singer';
import type { Client } from 'pg';
import { createSlotWithSnapshot, formatLsn, lsnFromBookmark, lsnToBookmark, ReplicationError } from '../replication';
import type { ResumableStrategy } from '../run/strategy';
import type { ResolvedStream } from '../stream/resolved-stream';
import type { LogBasedRun } from './log-based-run';
import { logBasedStream } from './log-based-schema';
import { temporarySlotName } from './replication-setup';
import { connectReplication } from './settings';

/**
 * Copies the streams that have no position yet: in the snapshot of the slot when it is created now, else in that of a
 * TEMPORARY slot (the slot already streams other tables). A state with positions but no slot is SLOT_MISSING.
 */
export async function copyNewStreams(
  run: LogBasedRun,
  copy: ResumableStrategy,
  streams: readonly ResolvedStream[],
  state: State,
  slotExists: boolean,
): Promise<CopyResult> {
  if (!slotExists) {
    assertNoPositions(run.slotName, run.streams, state);
    return copyInSlotSnapshot(run, copy, streams, state, { name: run.slotName, temporary: false });
  }
  if (streams.length === 0) return { state, failed: [] };
  const name = temporarySlotName(run.slotName, run.clock.now());
  return copyInSlotSnapshot(run, copy, streams, state, { name, temporary: true });
}

/** A slot to be created must not be one the state has positions of: the changes since them are gone (SLOT_MISSING). */
export function assertNoPositions(slotName: string, streams: readonly ResolvedStream[], state: State): void {
  const hasLsn = (id: string): boolean => lsnFromBookmark(getBookmark(state, id)?.lsn) !== undefined;
  const orphans = streams.filter((stream) => hasLsn(stream.tapStreamId));
  if (orphans.length > 0)
    throw new ReplicationError(
      `Replication slot ${slotName} does not exist, but the state has positions for ${orphans.map((s) => s.tapStreamId).join(', ')}`,
      'SLOT_MISSING',
      'the changes since then are gone: remove those streams from the state to copy them again, or set slot_name',
    );
}

/** The state after copies, and the streams whose copy failed (reported; they are not streamed this run). */
export interface CopyResult {
  readonly state: State;
  readonly failed: readonly string[];
}

/**
 * Copies the streams one by one (see copyStream). A copy that fails is reported through `streamFailed` (which rethrows
 * what ends the run) and its stream keeps the bookmark it had: no `lsn` from a copy that did not finish.
 */
export async function copyStreams(
  run: LogBasedRun,
  copy: ResumableStrategy,
  streams: readonly ResolvedStream[],
  state: State,
  startLsn: bigint | undefined,
  snapshotName?: string,
): Promise<CopyResult> {
  let next = state;
  const failed: string[] = [];
  for (const stream of streams) {
    try {
      next = await copyStream(run, copy, stream, next, startLsn, snapshotName);
    } catch (error) {
      run.streamFailed([stream.tapStreamId], error);
      failed.push(stream.tapStreamId);
    }
  }
  return { state: next, failed };
}

/**
 * Copies one stream with the copy strategy (in `snapshotName` when given, else resuming an interrupted copy); its `lsn`
 * bookmark is set first when given.
 */
function copyStream(
  run: LogBasedRun,
  copy: ResumableStrategy,
  stream: ResolvedStream,
  state: State,
  startLsn: bigint | undefined,
  snapshotName?: string,
): Promise<State> {
  const next =
    startLsn === undefined ? state : setBookmark(state, stream.tapStreamId, { lsn: lsnToBookmark(startLsn) });
  run.logger.info(`${stream.tapStreamId}: LOG_BASED initial copy${snapshotName === undefined ? ' (resumed)' : ''}`);
  const copied = logBasedStream(stream, run.config.debug_lsn);
  return run.syncStream(
    copy,
    { ...run, stream: copied, ...(snapshotName === undefined ? {} : { snapshotName }) },
    next,
  );
}

/**
 * Creates a slot with an exported snapshot, copies the streams in that snapshot and sets their `lsn` to its consistent
 * point: the copy holds exactly the transactions whose commit record starts before that point, and the stream applies
 * those from it on.
 */
async function copyInSlotSnapshot(
  run: LogBasedRun,
  copy: ResumableStrategy,
  streams: readonly ResolvedStream[],
  state: State,
  slot: { readonly name: string; readonly temporary: boolean },
): Promise<CopyResult> {
  const replication: Client = await connectReplication(run.config);
  try {
    const created = await createSlotWithSnapshot(replication, slot.name, run.plugin, { temporary: slot.temporary });
    run.logger.info(
      `${slot.temporary ? 'Temporary slot' : 'Replication slot'} ${slot.name} created; copying in snapshot ${created.snapshotName}`,
    );
    run.logger.debug(
      `LOG_BASED: slot ${slot.name} consistent point ${formatLsn(created.consistentPoint)}: the copies' lsn`,
    );
    return await copyStreams(run, copy, streams, state, created.consistentPoint, created.snapshotName);
  } finally {
    // Ending the connection releases the snapshot (and drops a temporary slot).
    await replication.end().catch(() => undefined);
  }
}
