import type { ReplicationMethod } from './config';
import { logBasedStrategy } from './log-based/log-based-strategy';
import type { Strategy } from './run/strategy';
import { fullTableStrategy } from './sync/full-table';
import { incrementalStrategy } from './sync/incremental';
import { xminStrategy } from './sync/xmin';

/**
 * The strategy of each replication method. FULL_TABLE, INCREMENTAL and XMIN sync one stream at a time; LOG_BASED
 * syncs all its streams together (one slot), copying new ones first with FULL_TABLE in the slot's snapshot.
 */
export const STRATEGIES: Readonly<Record<ReplicationMethod, Strategy>> = {
  FULL_TABLE: fullTableStrategy,
  INCREMENTAL: incrementalStrategy,
  XMIN: xminStrategy,
  LOG_BASED: logBasedStrategy(fullTableStrategy),
};
