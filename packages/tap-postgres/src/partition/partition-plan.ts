import type { Bookmark, State } from '@pgsinger/singer';
import type { ReplicationMethod } from '../config';

/** The format tag every plan file carries (changes when the shape does). */
export const PLAN_FORMAT = 'tap-postgres-partition-plan/1';

/** One partition's share of a stream: keys from `from` (inclusive) to `to` (exclusive), each open when absent. */
export interface KeyRange {
  readonly from?: readonly string[];
  readonly to?: readonly string[];
}

/** A key column the ranges split on, with its exact type. */
export interface SplitColumn {
  readonly name: string;
  readonly sql_datatype: string;
}

/** A stream of the plan: how it is split and what its bookmark is once every partition has loaded. */
export interface PlannedStream {
  readonly tap_stream_id: string;
  readonly replication_method: ReplicationMethod;
  /** The table version every partition writes (its records' `version`). */
  readonly version: number;
  /** The primary key the ranges split on; empty when the table has none (partition 0 copies it whole). */
  readonly split_key: readonly SplitColumn[];
  /** One entry per partition: its key range, or null when it has no rows of this stream. */
  readonly ranges: readonly (KeyRange | null)[];
  /** The bookmark the merged state gives the stream (besides method, version and the pending activation). */
  readonly bookmark: Bookmark;
  /** LOG_BASED: the slot created (or found) at plan time, whose consistent point is `bookmark.lsn`. */
  readonly slot_name?: string;
}

/** What `--plan-partitions N` prints: everything the partitions and the merge need, as one JSON document. */
export interface PartitionPlan {
  readonly format: typeof PLAN_FORMAT;
  /** Ties partition states to their plan: a state of another plan is refused. */
  readonly plan_id: string;
  readonly created_at: string;
  /** The database planned (partitions must read the same one). */
  readonly database: string;
  readonly partitions: number;
  readonly streams: readonly PlannedStream[];
  /** The state the plan started from: the merged state keeps its other bookmarks. */
  readonly state: State;
}

/** Bookmark key of a partition's own progress in its state (plan, index, whether its range is complete). */
export const PARTITION_KEY = 'partition';

/** A partition's progress on one stream, as its state stores it. */
export interface PartitionProgress {
  readonly plan_id: string;
  readonly index: number;
  readonly complete: boolean;
}
