import type { ClientBase } from 'pg';

/** The 64-bit transaction ids bounding a snapshot: every id below `xmin` had ended, none from `xmax` on had started. */
export interface SnapshotXids {
  readonly xmin: string;
  readonly xmax: string;
}

/** The bounds of the current transaction's snapshot (run it inside the snapshot's transaction). */
export async function snapshotXids(client: ClientBase): Promise<SnapshotXids> {
  const result = await client.query<{ xmin: string; xmax: string }>(
    'SELECT txid_snapshot_xmin(txid_current_snapshot())::text AS xmin,' +
      ' txid_snapshot_xmax(txid_current_snapshot())::text AS xmax',
  );
  return result.rows[0];
}
