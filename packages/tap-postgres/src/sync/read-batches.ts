import type { ClientBase } from 'pg';
import Cursor from 'pg-cursor';
import { RAW_TEXT_TYPES } from '../tap-session';
import type { SelectQuery } from './select-query';

/** One row in array mode, every value as PostgreSQL's text (null for SQL NULL). */
export type RawRow = (string | null)[];

/** How readBatches sizes its fetches: checkpoints fall every `checkpointEvery` rows, fetches never straddle one. */
export interface FetchPlan {
  readonly checkpointEvery: number;
  /** Rows wanted in the next fetch (asked before each fetch). */
  rowsPerFetch(): number;
}

/** One fetch; `checkpoint` is true every `checkpointEvery` rows and at the end (then `rows` may be empty). */
export interface Fetched {
  readonly rows: RawRow[];
  readonly checkpoint: boolean;
}

/**
 * Reads a query with pg-cursor, one fetch ahead: while the caller writes a fetch's rows, the server already produces
 * the next ones (at most two fetches are held). The caller's awaits pause the cursor.
 */
export async function* readBatches(
  client: ClientBase,
  query: SelectQuery,
  plan: FetchPlan,
): AsyncGenerator<Fetched, void, undefined> {
  const cursor = client.query(
    new Cursor<RawRow>(query.text, query.values, { rowMode: 'array', types: RAW_TEXT_TYPES }),
  );
  let since = 0;
  const nextSize = (): number => Math.max(1, Math.min(plan.rowsPerFetch(), plan.checkpointEvery - since));
  let asked = nextSize();
  let pending: Promise<RawRow[]> | undefined = cursor.read(asked);
  try {
    while (pending !== undefined) {
      const rows = await pending;
      pending = undefined;
      const uncovered = since;
      const last = rows.length < asked;
      since += rows.length;
      const checkpoint = last || since >= plan.checkpointEvery;
      if (checkpoint) since = 0;
      if (!last) {
        asked = nextSize();
        pending = cursor.read(asked);
        void pending.catch(() => undefined); // may fail (connection lost) before it is awaited: not unhandled
      }
      if (rows.length > 0 || uncovered > 0) yield { rows, checkpoint };
    }
  } finally {
    // An early exit (abort, failure): let the fetch in flight finish before closing the portal. After a failed read
    // (lost connection) close would wait forever for a ReadyForQuery; the transaction's end discards the portal.
    const readOk = pending === undefined || (await pending.then(() => true).catch(() => false));
    if (readOk) await cursor.close();
  }
}
