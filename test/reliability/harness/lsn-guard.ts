import { existsSync, readFileSync } from 'node:fs';
import type { Queryable } from './source-table';

/** `X/Y` (pg_lsn text) → a number-safe bigint (pure). */
export function parseLsn(text: string): bigint {
  const [high, low] = text.split('/');
  return (BigInt(`0x${high ?? '0'}`) << 32n) + BigInt(`0x${low ?? '0'}`);
}

/** The lowest `lsn` bookmark of a state file (pipelinewise stores it as an integer), or undefined. */
export function committedLsn(stateFile: string): bigint | undefined {
  if (!existsSync(stateFile)) return undefined;
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { bookmarks?: Record<string, { lsn?: unknown }> };
  const lsns = Object.values(state.bookmarks ?? {})
    .map((b) => b.lsn)
    .filter((lsn): lsn is number | string => typeof lsn === 'number' || typeof lsn === 'string')
    .map((lsn) => (typeof lsn === 'string' && lsn.includes('/') ? parseLsn(lsn) : BigInt(lsn)));
  return lsns.length === 0 ? undefined : lsns.reduce((a, b) => (a < b ? a : b));
}

/** Polls the slots of a database while a run goes; stop() lists every time a slot was confirmed past `bound`. */
export function watchSlots(db: Queryable, dbname: string, bound: bigint | undefined, intervalMs = 50) {
  const breaches: string[] = [];
  let polls = 0;
  let busy = false;
  const poll = async (): Promise<void> => {
    if (busy || bound === undefined) return;
    busy = true;
    try {
      const result = await db.query<{ slot_name: string; lsn: string | null }>(
        'SELECT slot_name, confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE database = $1',
        [dbname],
      );
      polls += 1;
      for (const row of result.rows) {
        if (row.lsn !== null && parseLsn(row.lsn) > bound)
          breaches.push(`slot ${row.slot_name} confirmed ${row.lsn} past the committed state's lsn ${bound}`);
      }
    } catch {
      // The server is restarting (a fault): the next poll sees it again.
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void poll(), intervalMs);
  return {
    stop: (): { breaches: string[]; polls: number } => {
      clearInterval(timer);
      return { breaches: [...new Set(breaches)], polls };
    },
  };
}
