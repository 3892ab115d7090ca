import type { SshTunnelSettings } from './ssh-settings';
import { sshTunnelConfigSchema } from './ssh-settings';
import type { SslSettings } from './ssl-settings';
import { sslConfigProperties } from './ssl-settings';

/** Connection settings shared by tap-postgres and target-postgres configs (wire names as pipelinewise uses them). */
export interface ConnectionSettings extends SslSettings {
  readonly host: string;
  readonly port?: number;
  readonly user: string;
  readonly password?: string;
  readonly dbname: string;
  /** Seconds to wait for a connection; 0 waits forever (as libpq). */
  readonly connect_timeout?: number;
  /** Retries of a connection attempt that failed for a transient reason (refused, timeout, server starting). */
  readonly connect_retries?: number;
  /** Seconds before the first retry; doubles for each further retry (at most 30 s). */
  readonly connect_retry_delay?: number;
  readonly application_name?: string;
  readonly ssh_tunnel?: SshTunnelSettings;
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
    connect_retries: {
      type: 'integer',
      minimum: 0,
      default: 3,
      description: 'Retries of a connection that failed for a transient reason (refused, timed out, server starting)',
    },
    connect_retry_delay: {
      type: 'number',
      minimum: 0,
      default: 1,
      description: 'Seconds before the first retry, doubled for each further one (at most 30)',
    },
    application_name: { type: 'string', description: 'application_name reported to the server (pg_stat_activity)' },
    ...sslConfigProperties,
    ssh_tunnel: sshTunnelConfigSchema,
  },
  required: ['host', 'user', 'dbname'],
} as const;

/** Default port when the settings name none. */
export const DEFAULT_PORT = 5432;

/** Default connect timeout in seconds. */
export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 30;

/** Default number of retries of a transient connection failure. */
export const DEFAULT_CONNECT_RETRIES = 3;

/** Default seconds before the first retry. */
export const DEFAULT_CONNECT_RETRY_DELAY_SECONDS = 1;
