import { randomBytes } from 'node:crypto';
import type { PgServer } from './pg-server';

/**
 * Creates a wal2json slot, decodes with format-version 2 and drops it; throws with the install hint when that fails,
 * so a test run never silently skips the log-based tests.
 */
export async function assertWal2json(server: PgServer): Promise<void> {
  const { rows } = await server.adminQuery<{ wal_level: string; version: string }>(
    "SELECT current_setting('wal_level') AS wal_level, current_setting('server_version_num') AS version",
  );
  const { wal_level: walLevel, version } = rows[0] ?? { wal_level: '', version: '0' };
  const major = Math.floor(Number(version) / 10000);
  const where = `PostgreSQL ${major} at ${server.host}:${server.port} (${server.kind})`;
  if (walLevel !== 'logical') {
    throw new Error(`${where} runs with wal_level=${walLevel}: set wal_level=logical and restart it`);
  }
  const slot = `pgsinger_check_${randomBytes(6).toString('hex')}`;
  try {
    await server.adminQuery("SELECT pg_create_logical_replication_slot($1, 'wal2json')", [slot]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const hint =
      server.kind === 'container'
        ? 'the stock postgres image lacks wal2json: set PGSINGER_TEST_IMAGE to an image with it, or use local binaries'
        : `install it where the server runs: apt-get install postgresql-${major}-wal2json`;
    throw new Error(`wal2json is not usable on ${where}: ${reason}\nFix: ${hint}`, { cause: error });
  }
  try {
    await server.adminQuery("SELECT * FROM pg_logical_slot_peek_changes($1, NULL, 1, 'format-version', '2')", [slot]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`wal2json on ${where} does not support format-version 2 (needs wal2json >= 2.0): ${reason}`);
  } finally {
    await server.adminQuery('SELECT pg_drop_replication_slot($1)', [slot]);
  }
}
