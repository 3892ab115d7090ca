import { sqlState } from '@pgsinger/postgres';
import { SingerError } from '@pgsinger/singer';

/** SQLSTATEs of a session the server ended: terminated backend, shutdown, crash, any connection exception. */
const LOST_STATES = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08007']);
const LOST_ERRNOS = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ENOTCONN']);
const LOST_MESSAGE =
  /Connection terminated|connection closed|replication connection closed|not queryable|server closed the connection|read ECONNRESET/i;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const errnoOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;

/** The error and its `cause`s, outermost first. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && e !== null && chain.length < 10;) {
    chain.push(e);
    e = typeof e === 'object' && 'cause' in e ? e.cause : undefined;
  }
  return chain;
}

/** What happened when the error is the loss of the connection (server restart, terminated backend, reset). */
export function connectionLoss(error: unknown): string | undefined {
  for (const e of causes(error)) {
    const state = sqlState(e);
    if (state !== undefined && LOST_STATES.has(state)) return `${messageOf(e)} (SQLSTATE ${state})`;
    const errno = errnoOf(e);
    if ((typeof errno === 'string' && LOST_ERRNOS.has(errno)) || LOST_MESSAGE.test(messageOf(e))) return messageOf(e);
  }
  return undefined;
}

/**
 * A server error raised by a tap query, or the loss of the connection, as a known error: one line naming the server
 * (`target`, host:port/dbname) and what happened, with the fix. Other errors are returned as they are.
 */
export function toQueryError(error: unknown, target?: string): unknown {
  if (typeof error === 'object' && error !== null && (error as { known?: unknown }).known === true) return error;
  const server = target === undefined ? 'PostgreSQL' : `PostgreSQL at ${target}`;
  const lost = connectionLoss(error);
  if (lost !== undefined)
    return new SingerError(
      `Lost the connection to ${server}: ${lost.replace(/\s+/g, ' ')}`,
      'PG_CONNECTION_LOST',
      'rerun the tap from the last state it printed (every state printed so far is correct)',
      { cause: error },
    );
  const code = sqlState(error);
  if (code === undefined || !(error instanceof Error)) return error;
  const fix =
    code === '42501' ? 'grant the privilege to the tap user, or deselect the stream or column' : 'see the server log';
  return new SingerError(`PostgreSQL error ${code}: ${error.message}`, `PG_${code}`, fix, { cause: error });
}
