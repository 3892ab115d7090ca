import { clearBookmark, setBookmark, setCurrentlySyncing, SingerError, type State } from '@pgsinger/singer';
import { PENDING_ACTIVATION_KEY } from '../stream/pending-activation';
import { partitionProgress } from './partition-copy';
import type { PartitionPlan } from './partition-plan';

/** A partition's state as read from one `--merge-states` file. */
export interface PartitionStateFile {
  readonly path: string;
  readonly state: State;
}

const fail = (message: string, fix: string): SingerError => new SingerError(message, 'MERGE_INCOMPLETE', fix);

/**
 * The state after a partitioned copy (pure): the plan's starting state with, for each planned stream, the bookmark
 * the plan set aside (LOG_BASED `lsn` = the slot's consistent point, INCREMENTAL the last row at plan time, XMIN the
 * plan snapshot's xmin, FULL_TABLE complete), its version, and that version as pending activation for the next run.
 * Refuses unless there is exactly one state per partition, each of this plan and complete for every stream.
 */
export function mergePartitionStates(plan: PartitionPlan, files: readonly PartitionStateFile[]): State {
  const byIndex = new Map<number, PartitionStateFile>();
  for (const file of files) {
    const index = partitionOf(plan, file);
    const other = byIndex.get(index);
    if (other !== undefined)
      throw fail(`${other.path} and ${file.path} are both partition ${index}'s state`, 'pass each partition once');
    byIndex.set(index, file);
  }
  const missing = Array.from({ length: plan.partitions }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0)
    throw fail(
      `no state of partition${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of ${plan.partitions}`,
      'run every partition (--partition I), then pass all their states to --merge-states',
    );
  let state = setCurrentlySyncing(plan.state, null);
  for (const stream of plan.streams) {
    const id = stream.tap_stream_id;
    for (const [index, file] of byIndex) {
      if (partitionProgress(file.state, id)?.complete !== true)
        throw fail(
          `partition ${index} has not finished ${id} (${file.path})`,
          `run it again: --partition ${index} --state ${file.path}; it resumes where it stopped`,
        );
    }
    state = setBookmark(clearBookmark(state, id), id, {
      last_replication_method: stream.replication_method,
      ...stream.bookmark,
      version: stream.version,
      [PENDING_ACTIVATION_KEY]: stream.version,
    });
  }
  return state;
}

/** The partition a state belongs to: every planned stream's progress names this plan and one index. */
function partitionOf(plan: PartitionPlan, file: PartitionStateFile): number {
  const indexes = new Set<number>();
  for (const stream of plan.streams) {
    const progress = partitionProgress(file.state, stream.tap_stream_id);
    if (progress === undefined) continue;
    if (progress.plan_id !== plan.plan_id)
      throw fail(`${file.path} is a state of plan ${progress.plan_id}, not ${plan.plan_id}`, "pass this plan's states");
    indexes.add(progress.index);
  }
  const [index, ...others] = [...indexes];
  if (index === undefined || others.length > 0 || !Number.isInteger(index) || index < 0 || index >= plan.partitions)
    throw fail(
      `${file.path} is not the state of one partition of plan ${plan.plan_id}`,
      "pass the last state line each partition's target printed",
    );
  return index;
}
