import { Pool } from 'pg';
import type { PgServer, PgServerInfo, ServerSettings } from './pg-server';

/** Settings for one database of a described server (pure). */
export function serverSettings(info: PgServerInfo, dbname: string): ServerSettings {
  const base = { host: info.host, port: info.port, user: info.user, dbname };
  return info.password === undefined ? base : { ...base, password: info.password };
}

/** A `postgres://` URL for one database of a described server (pure). */
export function serverUrl(info: PgServerInfo, dbname: string): string {
  const auth =
    encodeURIComponent(info.user) + (info.password === undefined ? '' : `:${encodeURIComponent(info.password)}`);
  const host = info.host.includes(':') ? `[${info.host}]` : info.host;
  return `postgres://${auth}@${host}:${info.port}/${encodeURIComponent(dbname)}`;
}

/** The plain fields of a server description (drops methods and undefined values). */
export function plainInfo(info: PgServerInfo): PgServerInfo {
  const { kind, host, port, user, password, adminDatabase, dataDir } = info;
  return JSON.parse(JSON.stringify({ kind, host, port, user, password, adminDatabase, dataDir })) as PgServerInfo;
}

/** A PgServer over a description; `stopOwned` stops what this handle owns after its admin pool is closed. */
export function serverHandle(info: PgServerInfo, stopOwned: () => Promise<void> = () => Promise.resolve()): PgServer {
  let pool: Pool | undefined;
  const adminPool = (): Pool => {
    if (pool === undefined) {
      pool = new Pool({ ...serverSettings(info, info.adminDatabase), database: info.adminDatabase, max: 2 });
      // Idle connections die when a fault test restarts the server; the pool replaces them.
      pool.on('error', () => undefined);
    }
    return pool;
  };
  const plain = plainInfo(info);
  return {
    ...plain,
    info: plain,
    settings: (dbname) => serverSettings(info, dbname),
    url: (dbname) => serverUrl(info, dbname),
    adminQuery: (sql, params) => adminPool().query(sql, params),
    stop: async () => {
      const open = pool;
      pool = undefined;
      await open?.end();
      await stopOwned();
    },
  };
}
