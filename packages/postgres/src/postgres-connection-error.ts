import type { ConnectionSettings } from './connection-config-schema';
import { DEFAULT_PORT } from './connection-config-schema';
import type { Classified, ConnectionErrorCode } from './connection-error-code';
import { connectionSecrets, redactSecrets, sanitizeError } from './redact';
import { SqlState, sqlState } from './sql-state';
import { classifyTls } from './tls-error';

/** A failed connection: names host:port/dbname and the cause, never the password; known to runMain (duck-typed). */
export class PostgresConnectionError extends Error {
  readonly known = true;
  override readonly name = 'PostgresConnectionError';

  constructor(
    message: string,
    readonly code: ConnectionErrorCode,
    readonly fix: string,
    readonly target: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `host:port/dbname` as error messages name a server. */
export function describeTarget(settings: Pick<ConnectionSettings, 'host' | 'port' | 'dbname'>): string {
  return `${settings.host}:${settings.port ?? DEFAULT_PORT}/${settings.dbname}`;
}

/**
 * Turns whatever pg threw while connecting into a PostgresConnectionError (pure). Every secret of the settings (and
 * any `extraSecrets`) is removed from the message, and `cause` is a sanitized copy of the original error.
 */
export function toConnectionError(
  error: unknown,
  settings: ConnectionSettings,
  extraSecrets: readonly string[] = [],
): PostgresConnectionError {
  if (error instanceof PostgresConnectionError) return error;
  const target = describeTarget(settings);
  const secrets = [...connectionSecrets(settings), ...extraSecrets];
  const cause = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
  const [code, what, fix] = classifyTls(error, cause, settings) ?? classify(error, cause, settings);
  return new PostgresConnectionError(`Cannot connect to PostgreSQL at ${target}: ${what}`, code, fix, target, {
    cause: sanitizeError(error, secrets),
  });
}

function classify(error: unknown, cause: string, settings: ConnectionSettings): Classified {
  const state = sqlState(error);
  const user = JSON.stringify(settings.user);
  const db = JSON.stringify(settings.dbname);
  switch (state) {
    case SqlState.invalid_password:
      return ['PG_AUTH_FAILED', `password authentication failed for user ${user}`, 'check the user and password'];
    case SqlState.invalid_catalog_name:
      return ['PG_DATABASE_MISSING', `database ${db} does not exist`, 'check dbname or create the database'];
    case SqlState.invalid_authorization_specification:
      return /role .* does not exist/.test(cause)
        ? ['PG_ROLE_MISSING', `role ${user} does not exist`, 'check the user or create the role']
        : ['PG_NOT_ALLOWED', cause, 'allow this client in pg_hba.conf or use another user/database'];
    case SqlState.insufficient_privilege:
      return ['PG_NOT_ALLOWED', cause, `grant CONNECT on database ${db} to role ${user}`];
    case SqlState.too_many_connections:
      return ['PG_TOO_MANY_CONNECTIONS', cause, 'close idle connections or raise max_connections'];
    case SqlState.cannot_connect_now:
    case SqlState.admin_shutdown:
    case SqlState.crash_shutdown:
      return ['PG_SERVER_UNAVAILABLE', cause, 'wait until the server has started up, then retry'];
    default:
      break;
  }
  const errno = errnoCode(error);
  if (errno === 'ENOTFOUND' || errno === 'EAI_AGAIN') {
    return ['PG_HOST_UNKNOWN', `unknown host ${JSON.stringify(settings.host)}`, 'check the host name (DNS)'];
  }
  if (errno === 'ECONNREFUSED' || errno === 'ENOENT') {
    return ['PG_CONNECTION_REFUSED', 'connection refused', 'check that the server runs and listens on that port'];
  }
  if (/timeout/i.test(cause) || errno === 'ETIMEDOUT') {
    const seconds = settings.connect_timeout;
    const after = seconds === undefined ? '' : ` after ${seconds} s`;
    return ['PG_CONNECT_TIMEOUT', `timed out${after}`, 'check network access (firewall) or raise connect_timeout'];
  }
  return ['PG_CONNECT_FAILED', cause, 'check the connection settings and that the server is reachable'];
}

/** The errno-style code of a network error (also inside an AggregateError), if any. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // AggregateError (happy eyeballs over several addresses) carries the codes in its members.
  const errors = (error as { errors?: unknown }).errors;
  return Array.isArray(errors) ? errors.map(errnoCode).find((c) => c !== undefined) : undefined;
}
