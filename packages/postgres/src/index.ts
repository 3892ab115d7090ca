// The package's contract: what the tap, the target, the testkit and the tests of the bins use. Everything else in
// src/ is internal (this package's own tests import it by path). docs/architecture.md lists the same.

// Settings: the connection keys of a config schema, and which server a run reads from.
export type { ConnectionSettings } from './connection-config-schema';
export { connectionConfigSchema } from './connection-config-schema';
export type { SecondarySettings } from './secondary';
export { primarySettings, settingsForReads } from './secondary';
export type { SslMode, SslSettings } from './ssl-settings';
export type { SshTunnelSettings } from './ssh-settings';

// Connecting: pg Clients with TLS, SSH tunnel, retries and known errors.
export { connect } from './connect';
export type { ClientOptions, Connector } from './connector';
export { openConnector } from './connector';
export type { SessionSettings } from './session-options';
export type { ConnectionErrorCode } from './connection-error-code';
export { describeTarget, PostgresConnectionError } from './postgres-connection-error';

// Server errors by SQLSTATE.
export type { SqlStateName } from './sql-state';
export { isSqlState, SqlState, sqlState } from './sql-state';
export type { ServerErrorFields } from './server-error';
export { serverErrorFields, serverErrorText, sqlStateClass } from './server-error';

// SQL text: the one identifier quoter, and literals where parameters are impossible.
export { quoteIdent, quoteQualified } from './quote-ident';
export { quoteLiteral } from './quote-literal';

// Queries and transactions.
export type { Queryable } from './queryable';
export type { IsolationLevel, TransactionOptions } from './with-transaction';
export { withTransaction } from './with-transaction';

// Secrets: every form a secret value can take in text (raw, JSON-escaped, lines of a key).
export { secretForms } from './redact';
