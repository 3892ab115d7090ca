import { envServerInfo } from './env-server-info';
import { findPgBin } from './find-pg-bin';
import type { PgServer, StartPostgresOptions } from './pg-server';
import { serverHandle } from './server-handle';
import { startContainerPostgres } from './start-container-postgres';
import { startLocalPostgres } from './start-local-postgres';

/** The error when no way to get PostgreSQL worked. */
export const NO_POSTGRES_HELP = [
  'No PostgreSQL for the tests. Provide one of:',
  '  1. TEST_DATABASE_URL=postgres://user:password@host:port/postgres (or PGHOST, PGPORT, PGUSER, PGPASSWORD)',
  '     pointing at a server with wal_level=logical and wal2json, as a superuser;',
  '  2. local server binaries: apt-get install postgresql-15 postgresql-15-wal2json',
  '     (found via PG_BIN, pg_config --bindir or /usr/lib/postgresql/*/bin);',
  '  3. a running Docker engine (testcontainers starts postgres:15; its stock image lacks wal2json).',
].join('\n');

/**
 * A PostgreSQL server for tests: TEST_DATABASE_URL/PGHOST first, else a throwaway local cluster, else a
 * testcontainers container, else one error naming the three ways.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PgServer> {
  const env = options.env ?? process.env;
  const wanted = options.kind;
  if (wanted === undefined || wanted === 'env') {
    const info = envServerInfo(env);
    if (info !== undefined) return serverHandle(info);
    if (wanted === 'env') throw new Error(`TEST_DATABASE_URL and PGHOST are not set.\n${NO_POSTGRES_HELP}`);
  }
  if (wanted === undefined || wanted === 'local') {
    const binDir = findPgBin(env);
    if (binDir !== undefined) return startLocalPostgres({ binDir, serverConfig: options.serverConfig, env });
    if (wanted === 'local') throw new Error(`No local PostgreSQL binaries.\n${NO_POSTGRES_HELP}`);
  }
  try {
    return await startContainerPostgres({ serverConfig: options.serverConfig, env });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${NO_POSTGRES_HELP}\n(testcontainers: ${reason})`, { cause: error });
  }
}
