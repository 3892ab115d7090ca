import { Client } from 'pg';
import type { Prng } from './prng';
import { deleteRows, insertBackToBack, insertRows, updateRows } from './source-table';

/** Connection settings of the source database. */
export interface SourceSettings {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  readonly dbname: string;
}

/** What a writer did (failed statements are counted, not retried: the source stays the truth). */
export interface WriterStats {
  inserted: number;
  updates: number;
  deletes: number;
  largeTransactions: number;
  failures: number;
}

/** A background writer on the source: inserts, updates, back-to-back commits, large transactions (and deletes). */
export interface Writer {
  readonly stats: WriterStats;
  /** Stops after the current statement; resolves once idle and disconnected. */
  pause(): Promise<void>;
}

/** Rows one writer inserts at most (a case); then it only updates and deletes. */
const INSERT_BUDGET = 4000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts writing until pause(); `nextId` is the first id it inserts (ids only grow). */
export function startWriter(
  settings: SourceSettings,
  prng: Prng,
  options: { readonly nextId: number; readonly deletes: boolean },
): Writer & { readonly nextId: () => number } {
  const stats: WriterStats = { inserted: 0, updates: 0, deletes: 0, largeTransactions: 0, failures: 0 };
  let nextId = options.nextId;
  let running = true;
  let client: Client | undefined;
  const step = async (db: Client): Promise<void> => {
    // Past the insert budget only updates (and deletes): tables stay small enough for many cases in a soak.
    const overBudget = stats.inserted >= INSERT_BUDGET;
    const roll = !overBudget ? prng.next() : prng.next() < 0.8 ? 0.5 + prng.next() * 0.3 : 0.83 + prng.next() * 0.17;
    const salt = prng.int(1, 1_000_000);
    if (roll < 0.35) {
      const count = prng.int(1, 20);
      nextId += count;
      await insertRows(db, nextId - count, count, salt);
      stats.inserted += count;
    } else if (roll < 0.5) {
      // Transactions that commit back to back: one round trip, no pause in between.
      const count = prng.int(2, 8);
      nextId += count;
      await insertBackToBack(db, nextId - count, count, salt);
      stats.inserted += count;
    } else if (roll < 0.8) {
      await updateRows(db, prng.int(20, 200), prng.int(0, 19), salt);
      stats.updates += 1;
    } else if (roll < 0.83) {
      const count = prng.int(1000, 2000);
      nextId += count;
      await db.query('BEGIN');
      await insertRows(db, nextId - count, count, salt);
      await updateRows(db, 7, prng.int(0, 6), salt);
      await db.query('COMMIT');
      stats.inserted += count;
      stats.largeTransactions += 1;
    } else if (options.deletes && roll < 0.95) {
      await deleteRows(db, prng.int(50, 300), prng.int(0, 49));
      stats.deletes += 1;
    }
    await sleep(prng.int(20, 80));
  };
  const loop = async (): Promise<void> => {
    while (running) {
      try {
        if (client === undefined) {
          client = new Client({ ...settings, database: settings.dbname, application_name: 'reliability-writer' });
          client.on('error', () => undefined);
          await client.connect();
        }
        await step(client);
      } catch {
        // The server restarted or our backend was terminated: reconnect (what committed is the truth).
        stats.failures += 1;
        const broken = client;
        client = undefined;
        await broken?.end().catch(() => undefined);
        await sleep(100);
      }
    }
    await client?.end().catch(() => undefined);
  };
  const done = loop();
  return {
    stats,
    nextId: () => nextId,
    pause: async () => {
      running = false;
      await done;
    },
  };
}
