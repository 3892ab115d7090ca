import { existsSync } from 'node:fs';
import path from 'node:path';
import { processAlive, startLocalPostgres } from '@pgsinger/testkit';
import type { LocalPgServer } from '@pgsinger/testkit';

// Without local server binaries these fail with startLocalPostgres's install hint (never skipped).
describe('startLocalPostgres', () => {
  let server: LocalPgServer;

  beforeAll(async () => {
    server = await startLocalPostgres({ serverConfig: { work_mem: '7MB' } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  const setting = async (name: string): Promise<string | undefined> =>
    (await server.adminQuery<{ v: string }>('SELECT current_setting($1) AS v', [name])).rows[0]?.v;

  it('runs with logical decoding, synchronous commit and the extra settings', async () => {
    expect(server.kind).toBe('local');
    expect(server.host).toBe('127.0.0.1');
    expect(await setting('wal_level')).toBe('logical');
    expect(Number(await setting('max_replication_slots'))).toBeGreaterThanOrEqual(10);
    expect(Number(await setting('max_wal_senders'))).toBeGreaterThanOrEqual(10);
    expect(await setting('synchronous_commit')).toBe('on');
    expect(await setting('work_mem')).toBe('7MB');
  });

  it('survives restart and an immediate stop followed by start', async () => {
    const firstPid = server.pid;
    await server.restart();
    expect(server.pid).not.toBe(firstPid);
    expect(await setting('wal_level')).toBe('logical');
    await server.stopImmediate();
    await expect(server.adminQuery('SELECT 1')).rejects.toThrow();
    await server.start();
    expect(await setting('wal_level')).toBe('logical');
  });

  it('removes its directory and process on stop', async () => {
    const other = await startLocalPostgres();
    const dir = path.dirname(other.dataDir);
    const pid = other.pid ?? 0;
    expect(existsSync(dir)).toBe(true);
    await other.stop();
    expect(existsSync(dir)).toBe(false);
    expect(processAlive(pid)).toBe(false);
  });
});
