import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import type { ClientConfig, CustomTypesConfig } from 'pg';
import type { ConnectionSettings } from './connection-config-schema';
import { DEFAULT_CONNECT_TIMEOUT_SECONDS, DEFAULT_PORT } from './connection-config-schema';
import type { SessionSettings } from './session-options';
import { sessionOptions } from './session-options';

/** What a caller adds to the configured settings when connecting. */
export interface ConnectOptions {
  /** application_name when the config names none (the config's `application_name` wins). */
  readonly applicationName?: string;
  /** Server settings applied at session start (sent in the startup packet, so they hold from the first query). */
  readonly sessionSettings?: SessionSettings;
  /** `'database'` opens a logical replication connection (walsender). */
  readonly replication?: 'database';
  /** Type parsers for this client only (e.g. keep values as the server's text). */
  readonly types?: CustomTypesConfig;
  /** Host and port to dial instead of the configured ones (an SSH tunnel's local end); messages keep the configured. */
  readonly endpoint?: { readonly host: string; readonly port: number };
  /** TLS for this attempt (`tlsOptions`); absent or false connects without TLS. */
  readonly ssl?: false | TlsConnectionOptions;
}

/** pg's client config plus `replication`, which pg supports but its typings omit. */
export type PgClientConfig = ClientConfig & { replication?: 'database' };

/** Converts connection settings to a pg client config (pure). */
export function toClientConfig(settings: ConnectionSettings, options: ConnectOptions = {}): PgClientConfig {
  const timeoutSeconds = settings.connect_timeout ?? DEFAULT_CONNECT_TIMEOUT_SECONDS;
  const config: PgClientConfig = {
    host: options.endpoint?.host ?? settings.host,
    port: options.endpoint?.port ?? settings.port ?? DEFAULT_PORT,
    user: settings.user,
    database: settings.dbname,
    keepAlive: true,
    connectionTimeoutMillis: timeoutSeconds * 1000,
  };
  if (settings.password !== undefined) config.password = settings.password;
  const applicationName = settings.application_name ?? options.applicationName;
  if (applicationName !== undefined) config.application_name = applicationName;
  const startupOptions = options.sessionSettings ? sessionOptions(options.sessionSettings) : undefined;
  if (startupOptions !== undefined) config.options = startupOptions;
  if (options.replication !== undefined) config.replication = options.replication;
  if (options.types !== undefined) config.types = options.types;
  if (options.ssl) config.ssl = options.ssl;
  return config;
}
