import type { MessageWriter, Logger, State, StreamProgress } from '@pgsinger/singer';
import type { ClientBase } from 'pg';
import type { ReplicationMethod, TapConfig } from '../config';
import type { ResolvedStream } from './resolved-stream';

/** What a strategy gets to sync one stream. */
export interface StreamSyncContext {
  readonly client: ClientBase;
  readonly writer: MessageWriter;
  readonly logger: Logger;
  readonly config: TapConfig;
  readonly signal: AbortSignal;
  readonly stream: ResolvedStream;
  /** Wall-clock time (injected for tests): the version of a new table copy is its epoch milliseconds. */
  readonly now: () => Date;
  /** Progress on stderr (rows, rows/s, percent of the row-count estimate, ETA) and the record_count METRIC. */
  readonly progress?: StreamProgress;
  /** An exported snapshot the copy must read in (LOG_BASED initial copy, lined up with the slot's start). */
  readonly snapshotName?: string;
}

/** One replication method: syncs one stream from the state it is given and returns the state after it. */
export interface SyncStrategy {
  readonly method: ReplicationMethod;
  sync(context: StreamSyncContext, state: State): Promise<State>;
}
