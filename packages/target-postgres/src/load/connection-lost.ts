import { sqlState } from '@pgsinger/postgres';
import { TargetError } from '../errors';

// Class 08 (connection exception), and the server shutting a session down: 57P01 admin_shutdown
// (pg_terminate_backend, fast shutdown), 57P02 crash_shutdown, 57P03 cannot_connect_now (restarting).
const LOST_STATES = new Set(['57P01', '57P02', '57P03']);
const LOST_ERRNO = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);
// What pg says when the socket closes under a query, or when a client that lost its socket is used again.
const LOST_MESSAGE = /Connection terminated|Client has encountered a connection error|Client was closed/i;

/** Whether an error means the session to the server is gone (not a problem with the data). */
export function isConnectionLoss(error: unknown): boolean {
  if (error instanceof ConnectionLostError) return true;
  const state = sqlState(error);
  if (state !== undefined) return state.startsWith('08') || LOST_STATES.has(state);
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && LOST_ERRNO.has(code)) return true;
  const message = error instanceof Error ? error.message : String(error);
  return LOST_MESSAGE.test(message);
}

/** The session to the destination ended under a load: a known error, one line, no stack. */
export class ConnectionLostError extends TargetError {
  constructor(server: string, error: unknown) {
    const cause = error instanceof Error ? error.message : String(error);
    super(
      `PostgreSQL at ${server}: connection lost during a load (${cause}); the batch was rolled back`,
      'PG_CONNECTION_LOST',
      'rerun from the last printed state once the server is reachable (rows it covers are committed)',
    );
  }
}
