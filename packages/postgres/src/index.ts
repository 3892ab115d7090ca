export type { ConnectionSettings } from './connection-config-schema';
export { connectionConfigSchema, DEFAULT_CONNECT_TIMEOUT_SECONDS, DEFAULT_PORT } from './connection-config-schema';
export { connect } from './connect';
export type { ConnectionErrorCode } from './postgres-connection-error';
export {
  CONNECTION_ERROR_CODES,
  describeTarget,
  PostgresConnectionError,
  toConnectionError,
} from './postgres-connection-error';
export type { Queryable } from './queryable';
export {
  identifierByteLength,
  MAX_IDENTIFIER_BYTES,
  quoteIdent,
  quoteQualified,
  truncateIdentifier,
} from './quote-ident';
export { quoteLiteral } from './quote-literal';
export type { Endpoint } from './resolve-endpoint';
export { resolveEndpoint } from './resolve-endpoint';
export { majorVersion, serverVersionNum } from './server-version-num';
export type { SessionSettings } from './session-options';
export { sessionOptions } from './session-options';
export type { SqlStateName } from './sql-state';
export { isSqlState, SqlState, sqlState } from './sql-state';
export type { ConnectOptions, PgClientConfig } from './to-client-config';
export { toClientConfig } from './to-client-config';
export type { IsolationLevel, TransactionOptions } from './with-transaction';
export { beginStatement, ISOLATION_LEVELS, withTransaction } from './with-transaction';
