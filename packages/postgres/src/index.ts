export type { ConnectionSettings } from './connection-config-schema';
export {
  connectionConfigSchema,
  DEFAULT_CONNECT_RETRIES,
  DEFAULT_CONNECT_RETRY_DELAY_SECONDS,
  DEFAULT_CONNECT_TIMEOUT_SECONDS,
  DEFAULT_PORT,
} from './connection-config-schema';
export { closeSharedConnectors, connect, sharedConnector } from './connect';
export type { ClientOptions, Connector } from './connector';
export { openConnector } from './connector';
export type { Classified, ConnectionErrorCode } from './postgres-connection-error';
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
export { connectionSecrets, REDACTED, redactSecrets, sanitizeError, secretForms } from './redact';
export type { Endpoint } from './resolve-endpoint';
export { resolveEndpoint } from './resolve-endpoint';
export { isTransientConnectError, retryDelayMs, shouldTryOtherTls, withRetries } from './retry-policy';
export type { SecondarySettings } from './secondary';
export { isInRecovery, primarySettings, settingsForReads, settingsForSecondary, waitForReplay } from './secondary';
export type { ServerErrorFields } from './server-error';
export { serverErrorFields, serverErrorText, sqlStateClass } from './server-error';
export { majorVersion, serverVersionNum } from './server-version-num';
export type { SessionSettings } from './session-options';
export { sessionOptions } from './session-options';
export type { SqlStateName } from './sql-state';
export { isSqlState, SqlState, sqlState } from './sql-state';
export type { SshTunnelSettings } from './ssh-settings';
export { DEFAULT_SSH_PORT, sshTunnelConfigSchema, tunnelEnabled } from './ssh-settings';
export type { SshTunnel } from './ssh-tunnel';
export { openSshTunnel } from './ssh-tunnel';
export {
  clientCertOf,
  clientKeyOf,
  isUnixSocketHost,
  keyPasswordOf,
  resolveSslMode,
  rootCertOf,
  sslAttempts,
  attemptsAfter,
} from './ssl-mode';
export type { SslMode, SslSettings } from './ssl-settings';
export { SSL_MODES, sslConfigProperties } from './ssl-settings';
export type { TlsMaterial } from './tls-material';
export { isPemText, loadTlsMaterial } from './tls-material';
export { tlsOptions } from './tls-options';
export type { ConnectOptions, PgClientConfig } from './to-client-config';
export { toClientConfig } from './to-client-config';
export { acquireTunnel, closeAllTunnels, openTunnelCount, releaseTunnel } from './tunnel-registry';
export type { IsolationLevel, TransactionOptions } from './with-transaction';
export { beginStatement, ISOLATION_LEVELS, withTransaction } from './with-transaction';
