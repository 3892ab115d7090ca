import type { PgServerInfo } from './pg-server';

/** The server named by TEST_DATABASE_URL, or by PGHOST (with PGPORT, PGUSER, PGPASSWORD, PGDATABASE); pure. */
export function envServerInfo(env: NodeJS.ProcessEnv = process.env): PgServerInfo | undefined {
  const url = env.TEST_DATABASE_URL;
  if (url) {
    const parsed = new URL(url);
    if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new Error('TEST_DATABASE_URL must be a postgres:// URL');
    const info = {
      kind: 'env' as const,
      host: decodeURIComponent(parsed.hostname.replace(/^\[(.*)\]$/, '$1')) || 'localhost',
      port: Number(parsed.port || 5432),
      user: decodeURIComponent(parsed.username) || env.PGUSER || 'postgres',
      adminDatabase: decodeURIComponent(parsed.pathname.slice(1)) || 'postgres',
    };
    const password = parsed.password ? decodeURIComponent(parsed.password) : env.PGPASSWORD;
    return password === undefined ? info : { ...info, password };
  }
  if (!env.PGHOST) return undefined;
  const info = {
    kind: 'env' as const,
    host: env.PGHOST,
    port: Number(env.PGPORT || 5432),
    user: env.PGUSER || 'postgres',
    adminDatabase: env.PGDATABASE || 'postgres',
  };
  return env.PGPASSWORD === undefined ? info : { ...info, password: env.PGPASSWORD };
}
