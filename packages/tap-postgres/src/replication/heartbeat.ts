import type { Queryable } from '@pgsinger/postgres';
import type { Lsn } from './lsn';
import { parseLsn } from './lsn';
import { HEARTBEAT_PREFIX } from './wal2json-options';

/**
 * Writes a transactional logical message (`pg_logical_emit_message(true, 'pgsinger_heartbeat', …)`) in its own
 * transaction. Its commit reaches every slot of the database, so a run that saw no selected change can take that
 * commit's end LSN as its bookmark and the slot stops pinning WAL. `content`: the run's time. Returns the message's LSN.
 */
export async function emitHeartbeat(client: Queryable, content: string): Promise<Lsn> {
  const result = await client.query<{ lsn: string }>('SELECT pg_logical_emit_message(true, $1, $2)::text AS lsn', [
    HEARTBEAT_PREFIX,
    content,
  ]);
  return parseLsn(result.rows[0].lsn);
}

/** The server's current WAL write position (`pg_current_wal_lsn()`): the end LSN for break_at_end_lsn. */
export async function currentWalLsn(client: Queryable): Promise<Lsn> {
  const result = await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  return parseLsn(result.rows[0].lsn);
}
