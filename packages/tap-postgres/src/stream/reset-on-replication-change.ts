import { clearBookmark, getBookmark, setBookmark, type State } from '@pgsinger/singer';
import type { ReplicationMethod } from '../config';
import { withoutKeyset } from '../sync/keyset-state';

/**
 * As pipelinewise: a changed replication method, or a changed INCREMENTAL replication key, drops the stream's
 * bookmark (and its INCREMENTAL tie-breaker under `pgsinger.keyset`); then `last_replication_method` is recorded
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
    next = withoutKeyset(clearBookmark(next, tapStreamId), tapStreamId);
  }
  if (method === 'INCREMENTAL' && getBookmark(next, tapStreamId)?.replication_key !== replicationKey) {
    next = withoutKeyset(clearBookmark(next, tapStreamId), tapStreamId);
  }
  return setBookmark(next, tapStreamId, { last_replication_method: method });
}
