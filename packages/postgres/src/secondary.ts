import type { ConnectionSettings } from './connection-config-schema';
import type { Queryable } from './queryable';

/** pipelinewise-tap-postgres's replica keys (they live in the tap's config). */
export interface SecondarySettings {
  readonly use_secondary?: boolean;
  readonly secondary_host?: string;
  readonly secondary_port?: number;
}

const SECONDARY_KEYS = ['use_secondary', 'secondary_host', 'secondary_port'] as const;

/**
 * Settings for the read replica: host and port from `secondary_host`/`secondary_port`, everything else (user,
 * password, dbname, TLS, SSH tunnel) as for the primary — so verify-full checks the replica's name and the same
 * tunnel carries it. Throws when use_secondary is set without secondary_host.
 */
export function settingsForSecondary(config: ConnectionSettings & SecondarySettings): ConnectionSettings {
  const host = config.secondary_host;
  if (host === undefined || host === '') throw new Error('use_secondary needs secondary_host (and secondary_port)');
  return { ...primarySettings(config), host, port: config.secondary_port ?? config.port };
}

/** Settings for FULL_TABLE and INCREMENTAL reads: the replica when `use_secondary`, else the primary. */
export function settingsForReads(config: ConnectionSettings & SecondarySettings): ConnectionSettings {
  return config.use_secondary === true ? settingsForSecondary(config) : primarySettings(config);
}

/** The primary's settings (the replica keys dropped); LOG_BASED, slots and LSN positions always use these. */
export function primarySettings(config: ConnectionSettings & SecondarySettings): ConnectionSettings {
  const rest: Record<string, unknown> & ConnectionSettings = { ...config };
  for (const key of SECONDARY_KEYS) delete rest[key];
  return rest;
}

/** Whether the server is a standby (`pg_is_in_recovery()`). */
export async function isInRecovery(client: Queryable): Promise<boolean> {
  const { rows } = await client.query<{ recovery: boolean }>('SELECT pg_is_in_recovery() AS recovery');
  return rows[0]?.recovery === true;
}

/**
 * Waits until a standby has replayed the primary's WAL up to `lsn` (e.g. a slot's consistent point), so that a
 * snapshot taken on the standby afterwards holds every transaction committed before `lsn`. Throws after timeoutMs.
 */
export async function waitForReplay(
  standby: Queryable,
  lsn: string,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<string> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const { rows } = await standby.query<{ replay: string | null; done: boolean | null }>(
      'SELECT pg_last_wal_replay_lsn()::text AS replay, pg_last_wal_replay_lsn() >= $1::pg_lsn AS done',
      [lsn],
    );
    const { replay, done } = rows[0] ?? { replay: null, done: null };
    if (replay === null) throw new Error('waitForReplay: the server is not a standby (pg_last_wal_replay_lsn is null)');
    if (done === true) return replay;
    if (Date.now() >= deadline) {
      throw new Error(`The replica has replayed WAL only up to ${replay}, not yet ${lsn}: it lags behind the primary`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
