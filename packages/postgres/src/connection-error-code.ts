/** Stable codes of connection failures. */
export const CONNECTION_ERROR_CODES = [
  'PG_AUTH_FAILED',
  'PG_ROLE_MISSING',
  'PG_DATABASE_MISSING',
  'PG_NOT_ALLOWED',
  'PG_HOST_UNKNOWN',
  'PG_CONNECTION_REFUSED',
  'PG_CONNECT_TIMEOUT',
  'PG_TOO_MANY_CONNECTIONS',
  'PG_SERVER_UNAVAILABLE',
  'PG_CONNECT_FAILED',
  'PG_TLS_UNSUPPORTED',
  'PG_TLS_HOST_MISMATCH',
  'PG_TLS_UNTRUSTED',
  'PG_TLS_CONFIG',
  'PG_TLS_FAILED',
  'SSH_AUTH_FAILED',
  'SSH_KEY_INVALID',
  'SSH_TUNNEL_FAILED',
] as const;

/** One of CONNECTION_ERROR_CODES. */
export type ConnectionErrorCode = (typeof CONNECTION_ERROR_CODES)[number];

/** Code, what happened, how to fix it. */
export type Classified = readonly [ConnectionErrorCode, string, string];
