import { serverErrorFields, serverErrorText, sqlState, sqlStateClass } from '@pgsinger/postgres';
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
  const fields = serverErrorFields(error);
  if (fields === undefined) return error;
  return new SingerError(
    `PostgreSQL error ${fields.code}: ${serverErrorText(fields)}`,
    `PG_${fields.code}`,
    fields.hint ?? readFix(fields.code),
    { cause: error },
  );
}

/** What to do about a server error without a HINT, by its SQLSTATE (or its class). */
export function readFix(code: string): string {
  switch (code) {
    case '42501':
      return 'grant the privilege to the tap user (USAGE on the schema, SELECT on the table), or deselect the stream or column';
    case '42P01':
    case '42703':
    case '3F000':
      return 'the table changed since discovery: run the tap with --discover and update the catalog';
    case '57014':
      return 'a statement_timeout or an administrator cancelled the query: raise statement_timeout for the tap role, or rerun';
  }
  switch (sqlStateClass(code)) {
    case '22':
      return 'a value could not be computed or converted on the server (in a view or a column expression): fix the data or the view';
    case '40':
      return 'a conflict with a concurrent transaction: rerun the tap';
    case '53':
      return 'the server ran out of a resource (disk, memory, connections or a configured limit): free it or raise the limit';
    case '55':
      return 'the object is not in a state to be read (locked or not ready): rerun when it is';
    default:
      return `look up SQLSTATE ${code} in PostgreSQL's error codes (Appendix A of its manual)`;
  }
}
