import type { TlsFiles } from './tls-files';
import type { QueryResult, QueryResultRow } from 'pg';

/** Where the test server came from. */
export type PgServerKind = 'env' | 'local' | 'container';

/** Connection settings in the wire shape of the CLIs' configs. */
export interface ServerSettings {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  readonly dbname: string;
}

/** Serializable description of a server (what the jest global setup hands to test files). */
export interface PgServerInfo {
  readonly kind: PgServerKind;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  /** Database for administrative queries (CREATE DATABASE, slots). */
  readonly adminDatabase: string;
  /** Data directory of a local cluster. */
  readonly dataDir?: string;
}

/** A running PostgreSQL server for tests. */
export interface PgServer extends PgServerInfo {
  /** Settings for one database on this server. */
  settings(dbname: string): ServerSettings;
  /** A `postgres://` URL for one database on this server. */
  url(dbname: string): string;
  /** Runs a query in the admin database as the superuser. */
  adminQuery<R extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  /** Stops what this handle owns (the cluster or container it started; for an attached server only its pool). */
  stop(): Promise<void>;
  /** The plain description (JSON-safe). */
  readonly info: PgServerInfo;
}

/** A throwaway cluster from local binaries, which fault tests can stop and start. */
export interface LocalPgServer extends PgServer {
  readonly kind: 'local';
  readonly dataDir: string;
  readonly binDir: string;
  /** pid of the postmaster (changes on restart). */
  readonly pid: number | undefined;
  /** Fast shutdown then start again (same port and data). */
  restart(): Promise<void>;
  /** Immediate shutdown (like a crash: no checkpoint), keeping the data directory. */
  stopImmediate(): Promise<void>;
  /** Starts a stopped cluster again. */
  start(): Promise<void>;
  /** Certificates and keys when started with `tls: true`. */
  readonly tls?: TlsFiles;
}

/** Server settings (GUCs) for a cluster or container, e.g. `{ max_wal_size: '1GB' }`. */
export type ServerConfig = Readonly<Record<string, string | number | boolean>>;

/** How startPostgres picks and configures a server. */
export interface StartPostgresOptions {
  /** Use only this source instead of trying env, local, container in turn. */
  readonly kind?: PgServerKind;
  /** Extra server settings for local clusters and containers (an env server is used as it is). */
  readonly serverConfig?: ServerConfig;
  /** Environment to read TEST_DATABASE_URL, PG*, PG_BIN from (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
}
