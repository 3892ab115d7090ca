import type { ReplicationMethod } from '../config';
import { fullTableStrategy } from './full-table';
import { incrementalStrategy } from './incremental';
import type { SyncStrategy } from './sync-strategy';
import { xminStrategy } from './xmin';

/** The strategy of each replication method; LOG_BASED is added here by its own module. */
export const STRATEGIES: Readonly<Partial<Record<ReplicationMethod, SyncStrategy>>> = {
  FULL_TABLE: fullTableStrategy,
  INCREMENTAL: incrementalStrategy,
  XMIN: xminStrategy,
};
