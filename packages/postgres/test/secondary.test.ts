import { existsSync } from 'node:fs';
import type { Client } from 'pg';
import { connect, primarySettings, settingsForReads } from '@pgsinger/postgres';
import { isInRecovery, waitForReplay } from '../src/secondary';
import type { LocalPgServer } from '@pgsinger/testkit';
import { startLocalPostgres, startReplica } from '@pgsinger/testkit';

// A primary of our own and a hot-standby replica made by pg_basebackup -R (the harness side of use_secondary).
let primary: LocalPgServer;
let replica: LocalPgServer;
const clients: Client[] = [];

beforeAll(async () => {
  primary = await startLocalPostgres();
  replica = await startReplica(primary);
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.end()));
  await replica?.stop();
  await primary?.stop();
});

function tapConfig(useSecondary: boolean) {
  return {
    ...primary.settings('postgres'),
    sslmode: 'disable' as const,
    use_secondary: useSecondary,
    secondary_host: replica.host,
    secondary_port: replica.port,
  };
}

async function open(settings: Parameters<typeof connect>[0], name: string): Promise<Client> {
  const client = await connect(settings, { applicationName: name });
  clients.push(client);
  return client;
}

describe('secondary replica', () => {
  it('reads from the replica with use_secondary, and slots/LSNs stay on the primary', async () => {
    const reads = await open(settingsForReads(tapConfig(true)), 'pgsinger-reads');
    const logical = await open(primarySettings(tapConfig(true)), 'pgsinger-primary');
    expect(await isInRecovery(reads)).toBe(true);
    expect(await isInRecovery(logical)).toBe(false);
    const seen = await replica.adminQuery<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'pgsinger-reads'",
    );
    expect(seen.rows[0]?.n).toBe('1');
    expect(await isInRecovery(await open(settingsForReads(tapConfig(false)), 'pgsinger-plain'))).toBe(false);
  });

  it('waits until the replica has replayed a primary LSN, so a snapshot taken then misses no commit', async () => {
    const writer = await open(primary.settings('postgres'), 'pgsinger-writer');
    await writer.query('CREATE TABLE IF NOT EXISTS replicated (id int PRIMARY KEY)');
    await writer.query('INSERT INTO replicated SELECT generate_series(1, 1000)');
    const { rows } = await writer.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    const lsn = rows[0]!.lsn;
    const reads = await open(settingsForReads(tapConfig(true)), 'pgsinger-reads-2');
    const replayed = await waitForReplay(reads, lsn, { timeoutMs: 30_000 });
    expect(replayed).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    const count = await reads.query<{ n: string }>('SELECT count(*) AS n FROM replicated');
    expect(count.rows[0]?.n).toBe('1000');
    await expect(waitForReplay(reads, 'FFFFFFFF/0', { timeoutMs: 200 })).rejects.toThrow(/lags behind the primary/);
    await expect(waitForReplay(writer, lsn)).rejects.toThrow(/not a standby/);
  });

  it('stops and removes the replica like a primary', async () => {
    const standby = await startReplica(primary);
    expect(existsSync(standby.dataDir)).toBe(true);
    await standby.stop();
    expect(existsSync(standby.dataDir)).toBe(false);
  });
});
