import type { TestDatabase } from './create-test-database';

/**
 * Creates the PostGIS extension in a test database (in schema public); throws with the install hint when the server
 * lacks it, so the tests that need PostGIS (geometry arrays, whose elements are separated by `:`) fail, never skip.
 */
export async function createPostgis(db: TestDatabase): Promise<void> {
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public');
  } catch (error) {
    const { rows } = await db.query<{ version: string }>("SELECT current_setting('server_version_num') AS version");
    const major = Math.floor(Number(rows[0]?.version ?? '0') / 10000);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `PostGIS is not installed on the test server (${db.server.host}:${db.server.port}): ${reason}\n` +
        `Fix: install it where the server runs: apt-get install postgresql-${major}-postgis-3`,
      { cause: error },
    );
  }
}
