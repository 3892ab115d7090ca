import type { ConnectionSettings } from './connection-config-schema';
import { DEFAULT_CONNECT_RETRIES, DEFAULT_CONNECT_RETRY_DELAY_SECONDS } from './connection-config-schema';
import { errnoCode, PostgresConnectionError } from './postgres-connection-error';
import { SqlState, sqlState } from './sql-state';

const TRANSIENT_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
  'ENOENT',
]);
const TRANSIENT_STATES = new Set<string>([
  SqlState.cannot_connect_now,
  SqlState.too_many_connections,
  SqlState.admin_shutdown,
  SqlState.crash_shutdown,
]);
const TRANSIENT_CODES = new Set(['PG_CONNECTION_REFUSED', 'PG_CONNECT_TIMEOUT', 'PG_TOO_MANY_CONNECTIONS']);

/** Whether a connection failure may go away by itself (refused, timed out, reset, server starting or full). */
export function isTransientConnectError(error: unknown): boolean {
  if (error instanceof PostgresConnectionError) {
    if (error.code === 'SSH_TUNNEL_FAILED') return /refused|timed out/.test(error.message);
    return TRANSIENT_CODES.has(error.code) || error.code === 'PG_SERVER_UNAVAILABLE';
  }
  const state = sqlState(error);
  if (state !== undefined) return TRANSIENT_STATES.has(state);
  const errno = errnoCode(error);
  if (errno !== undefined && TRANSIENT_ERRNO.has(errno)) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /timeout|timed out|Connection terminated unexpectedly/i.test(message);
}

/** Whether a failed attempt of allow/prefer should be retried with the other TLS choice (libpq: any rejection). */
export function shouldTryOtherTls(error: unknown): boolean {
  if (sqlState(error) !== undefined) return true;
  const errno = errnoCode(error);
  if (errno !== undefined && TRANSIENT_ERRNO.has(errno) && errno !== 'ECONNRESET' && errno !== 'EPIPE') return false;
  if (errno === 'ENOTFOUND') return false;
  const message = error instanceof Error ? error.message : String(error);
  return !/timeout|timed out/i.test(message);
}

/** Milliseconds to wait before retry number `retry` (1-based): the delay doubled per retry, at most 30 s (pure). */
export function retryDelayMs(settings: ConnectionSettings, retry: number): number {
  const base = settings.connect_retry_delay ?? DEFAULT_CONNECT_RETRY_DELAY_SECONDS;
  return Math.min(30, base * 2 ** (retry - 1)) * 1000;
}

/** How many retries the settings allow. */
export function retryCount(settings: ConnectionSettings): number {
  return settings.connect_retries ?? DEFAULT_CONNECT_RETRIES;
}

/** Runs `attempt` until it succeeds, a failure is not transient, or the retries are spent. */
export async function withRetries<T>(settings: ConnectionSettings, attempt: () => Promise<T>): Promise<T> {
  const retries = retryCount(settings);
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (retry >= retries || !isTransientConnectError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(settings, retry + 1)));
    }
  }
}
