import type { QueryResult, QueryResultRow } from 'pg';
import { createTestDatabase } from './create-test-database';
import type { TestDatabase } from './create-test-database';
import type { PgServer, PgServerInfo } from './pg-server';
import { serverHandle } from './server-handle';
import { startPostgres } from './start-postgres';

/** Environment variable through which the jest global setup hands its server (PgServerInfo as JSON) to test files. */
export const SERVER_ENV = 'PGSINGER_TEST_SERVER';

/** The run's shared server (attached from SERVER_ENV; stop() closes only its pool), or a server of our own. */
export async function sharedPostgres(env: NodeJS.ProcessEnv = process.env): Promise<PgServer> {
  const json = env[SERVER_ENV];
  if (json) return serverHandle(JSON.parse(json) as PgServerInfo);
  return startPostgres({ env });
}

/** Opens a fresh database on the shared server; `dispose` drops it and stops anything started for it. */
export async function openTestDatabase(options: { prefix?: string } = {}): Promise<OpenedTestDatabase> {
  const server = await sharedPostgres();
  const db = await createTestDatabase(server, options);
  const dispose = async (): Promise<void> => {
    try {
      await db.drop();
    } finally {
      await server.stop();
    }
  };
  return { ...db, drop: dispose, dispose };
}

/** A test database plus one call that cleans everything up (the database and a server started for it). */
export interface OpenedTestDatabase extends TestDatabase {
  dispose(): Promise<void>;
}

type Hook = (fn: () => Promise<void>, timeout?: number) => void;

/**
 * For jest test files, called at the top level: creates a fresh database in beforeAll and drops it in afterAll.
 * The returned handle works inside tests and hooks (after beforeAll ran).
 */
export function testDatabase(options: { prefix?: string } = {}): TestDatabase {
  const hooks = globalThis as unknown as { beforeAll?: Hook; afterAll?: Hook };
  if (!hooks.beforeAll || !hooks.afterAll) throw new Error('testDatabase() runs inside jest; use openTestDatabase()');
  let db: OpenedTestDatabase | undefined;
  hooks.beforeAll(async () => {
    db = await openTestDatabase(options);
  }, 120_000);
  hooks.afterAll(async () => {
    await db?.dispose();
  }, 60_000);
  const current = (): TestDatabase => {
    if (db === undefined) throw new Error('The test database is available inside tests and hooks, after beforeAll');
    return db;
  };
  return {
    get name() {
      return current().name;
    },
    get settings() {
      return current().settings;
    },
    get url() {
      return current().url;
    },
    get server() {
      return current().server;
    },
    query: <R extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[]): Promise<QueryResult<R>> =>
      current().query<R>(sql, params),
    drop: () => current().drop(),
  };
}
