import { clearBookmark, getBookmark, setBookmark, type State } from '@pgsinger/singer';
import type { ReplicationMethod } from '../config';
import { withoutKeyset } from '../sync/keyset-state';
import { withoutPendingActivation } from './pending-activation';

/**
 * As pipelinewise: a changed replication method, or a changed INCREMENTAL replication key, drops the stream's
 * bookmark (and what `pgsinger` keeps for it: its INCREMENTAL tie-breaker, a pending activation); then `last_replication_method` is recorded
 * (pure).
 */
export function resetOnReplicationChange(
  state: State,
  tapStreamId: string,
  method: ReplicationMethod,
  replicationKey: string | undefined,
): State {
  let next = state;
  const bookmark = getBookmark(next, tapStreamId);
  const lastMethod = bookmark?.last_replication_method;
  if (lastMethod !== undefined && lastMethod !== null && lastMethod !== method) {
    next = dropStream(next, tapStreamId);
  }
  if (method === 'INCREMENTAL' && getBookmark(next, tapStreamId)?.replication_key !== replicationKey) {
    next = dropStream(next, tapStreamId);
  }
  return setBookmark(next, tapStreamId, { last_replication_method: method });
}

/** The state without the stream's bookmark nor what `pgsinger` keeps for it. */
function dropStream(state: State, tapStreamId: string): State {
  return withoutPendingActivation(withoutKeyset(clearBookmark(state, tapStreamId), tapStreamId), tapStreamId);
}
