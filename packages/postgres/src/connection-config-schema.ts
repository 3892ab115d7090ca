/** Connection settings shared by tap-postgres and target-postgres configs (wire names as pipelinewise uses them). */
export interface ConnectionSettings {
  readonly host: string;
  readonly port?: number;
  readonly user: string;
  readonly password?: string;
  readonly dbname: string;
  /** Seconds to wait for a connection; 0 waits forever (as libpq). */
  readonly connect_timeout?: number;
  readonly application_name?: string;
}

/** JSON Schema fragment (`properties` + `required`) that both CLIs merge into their config schema. */
export const connectionConfigSchema = {
  properties: {
    host: { type: 'string', minLength: 1, description: 'PostgreSQL host name, IP address or Unix socket directory' },
    port: { type: 'integer', minimum: 1, maximum: 65535, default: 5432, description: 'PostgreSQL port' },
    user: { type: 'string', minLength: 1, description: 'Role to connect as' },
    password: { type: 'string', secret: true, writeOnly: true, description: 'Password of the role' },
    dbname: { type: 'string', minLength: 1, description: 'Database to connect to' },
    connect_timeout: {
      type: 'integer',
      minimum: 0,
      default: 30,
      description: 'Seconds to wait for a connection (0 waits forever)',
    },
    application_name: { type: 'string', description: 'application_name reported to the server (pg_stat_activity)' },
  },
  required: ['host', 'user', 'dbname'],
} as const;

/** Default port when the settings name none. */
export const DEFAULT_PORT = 5432;

/** Default connect timeout in seconds. */
export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 30;
