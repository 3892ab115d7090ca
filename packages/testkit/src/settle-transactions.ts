import type { QueryResult, QueryResultRow } from 'pg';

/** The slice of a TestDatabase settleTransactions uses. */
interface Queries {
  query<R extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
}

/**
 * Waits until every transaction that began before this call has ended, in any database of the server. Runs that
 * re-read what transactions still running at an earlier snapshot may have written (XMIN, INCREMENTAL's ties) re-send
 * rows while other test files hold old transactions open: a test that counts re-sends settles first.
 */
export async function settleTransactions(db: Queries, timeoutMs = 60_000): Promise<void> {
  const now = (await db.query<{ xid: string }>('SELECT txid_current()::text AS xid')).rows[0].xid;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await db.query<{ done: boolean }>(
      'SELECT txid_snapshot_xmin(txid_current_snapshot()) > $1::bigint AS done',
      [now],
    );
    if (result.rows[0].done) return;
    if (Date.now() > deadline) throw new Error(`transactions older than ${now} did not end within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
