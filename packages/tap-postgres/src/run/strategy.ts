import type { State, StreamProgress } from '@pgsinger/singer';
import type { ReplicationMethod } from '../config';
import type { ResolvedStream } from '../stream/resolved-stream';
import type { RunContext } from './run-context';

/** What a strategy gets to sync one stream. */
export interface StreamSyncContext extends RunContext {
  readonly stream: ResolvedStream;
  /** Progress on stderr (rows, rows/s, percent of the row-count estimate, ETA) and the record_count METRIC. */
  readonly progress?: StreamProgress;
  /** An exported snapshot the copy must read in (LOG_BASED initial copy, lined up with the slot's start). */
  readonly snapshotName?: string;
}

/** One replication method that syncs one stream at a time, from the state it is given; returns the state after it. */
export interface SyncStrategy {
  readonly method: ReplicationMethod;
  sync(context: StreamSyncContext, state: State): Promise<State>;
}

/** A per-stream strategy whose interrupted sync resumes from a point kept in the stream's bookmark. */
export interface ResumableStrategy extends SyncStrategy {
  /** True when an earlier run stopped the stream's sync part-way (its bookmark holds a resume point). */
  interrupted(state: State, tapStreamId: string): boolean;
}

/** What a grouped strategy gets: the run's context and the coordinator's way of syncing one stream. */
export interface GroupSyncContext extends RunContext {
  /**
   * Syncs one stream with a per-stream strategy exactly as the coordinator syncs its own streams
   * (`currently_syncing` around it, progress, a STATE after it, a stop when aborted).
   */
  syncStream(strategy: SyncStrategy, context: StreamSyncContext, state: State): Promise<State>;
  /**
   * Reports streams of the group that cannot be synced this run (the group goes on without them): an ERROR line names
   * them, the run ends with exit 3. Rethrows the error when it ends the whole run (a lost connection, a stop,
   * `stop_on_stream_error`, an unexpected error).
   */
  streamFailed(tapStreamIds: readonly string[], error: unknown): void;
}

/** One replication method whose streams sync together (LOG_BASED: one slot and one stream of changes for all). */
export interface GroupSyncStrategy {
  readonly method: ReplicationMethod;
  syncGroup(context: GroupSyncContext, streams: readonly ResolvedStream[], state: State): Promise<State>;
}

/** The strategy of a replication method. */
export type Strategy = SyncStrategy | GroupSyncStrategy;
