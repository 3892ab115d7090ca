import type { ReplicationMethod } from '../config';
import { fullTableStrategy } from './full-table';
import { incrementalStrategy } from './incremental';
import type { SyncStrategy } from './sync-strategy';
import { xminStrategy } from './xmin';

/** The per-stream strategy of each method; LOG_BASED streams share one slot and sync together (../log-based). */
export const STRATEGIES: Readonly<Partial<Record<ReplicationMethod, SyncStrategy>>> = {
  FULL_TABLE: fullTableStrategy,
  INCREMENTAL: incrementalStrategy,
  XMIN: xminStrategy,
};
