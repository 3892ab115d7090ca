import type { Queryable } from './queryable';

/** Transaction isolation levels, as SQL spells them. */
export const ISOLATION_LEVELS = ['read committed', 'repeatable read', 'serializable'] as const;

/** One of ISOLATION_LEVELS. */
export type IsolationLevel = (typeof ISOLATION_LEVELS)[number];

/** How withTransaction opens its transaction. */
export interface TransactionOptions {
  readonly isolation?: IsolationLevel;
  readonly readOnly?: boolean;
  /** Only meaningful with `serializable` + `readOnly`: wait for a safe snapshot. */
  readonly deferrable?: boolean;
}

/** The BEGIN statement for the options (pure). */
export function beginStatement(options: TransactionOptions = {}): string {
  const parts = ['BEGIN'];
  if (options.isolation !== undefined) {
    if (!ISOLATION_LEVELS.includes(options.isolation)) throw new Error(`Unknown isolation level: ${options.isolation}`);
    parts.push(`ISOLATION LEVEL ${options.isolation.toUpperCase()}`);
  }
  if (options.readOnly !== undefined) parts.push(options.readOnly ? 'READ ONLY' : 'READ WRITE');
  if (options.deferrable !== undefined) parts.push(options.deferrable ? 'DEFERRABLE' : 'NOT DEFERRABLE');
  return parts.join(' ');
}

/** Runs `fn` inside BEGIN … COMMIT; on any error rolls back and rethrows the original error. */
export async function withTransaction<C extends Queryable, T>(
  client: C,
  fn: (client: C) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  await client.query(beginStatement(options));
  let result: T;
  try {
    result = await fn(client);
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      // The connection may be gone; the original error is the one worth reporting.
    }
    throw error;
  }
  const commit = await client.query('COMMIT');
  // COMMIT of a transaction that already failed answers ROLLBACK without raising an error.
  if (commit.command === 'ROLLBACK') throw new Error('The transaction had failed and was rolled back at COMMIT');
  return result;
}
