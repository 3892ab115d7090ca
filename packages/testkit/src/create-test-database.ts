import { randomBytes } from 'node:crypto';
import { quoteIdent } from '@pgsinger/postgres';
import type { QueryResult, QueryResultRow } from 'pg';
import { Pool } from 'pg';
import type { PgServer, ServerSettings } from './pg-server';

/** A database of its own for one test file. */
export interface TestDatabase {
  readonly name: string;
  /** Settings in the CLIs' config shape (host, port, user, password, dbname). */
  readonly settings: ServerSettings;
  readonly url: string;
  readonly server: PgServer;
  /** Runs a query in this database as the superuser (pooled). */
  query<R extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  /** Drops the replication slots of this database, then the database itself (forcing connections off). */
  drop(): Promise<void>;
}

/** A unique database name such as `t_tap_sync_1a2b3c4d` (pure apart from randomness). */
export function testDatabaseName(prefix = 't'): string {
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .slice(0, 40);
  return `${clean}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Creates a fresh database on the server. */
export async function createTestDatabase(server: PgServer, options: { prefix?: string } = {}): Promise<TestDatabase> {
  const name = testDatabaseName(options.prefix);
  await server.adminQuery(`CREATE DATABASE ${quoteIdent(name)}`);
  const settings = server.settings(name);
  let pool: Pool | undefined;
  const databasePool = (): Pool => {
    if (pool === undefined) {
      pool = new Pool({ ...settings, database: name, max: 4 });
      pool.on('error', () => undefined);
    }
    return pool;
  };
  return {
    name,
    settings,
    url: server.url(name),
    server,
    query: (sql, params) => databasePool().query(sql, params),
    drop: async () => {
      const open = pool;
      pool = undefined;
      await open?.end();
      await server.adminQuery(
        'SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE database = $1 AND active',
        [name],
      );
      await server.adminQuery(
        'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = $1 AND NOT active',
        [name],
      );
      await server.adminQuery(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    },
  };
}
