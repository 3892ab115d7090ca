import {
  discoverCatalog,
  runBin,
  selectStreams,
  startLocalPostgres,
  startReplica,
  writeJsonTemp,
} from '@pgsinger/testkit';
import type { LocalPgServer } from '@pgsinger/testkit';

// use_secondary through the real bin: FULL_TABLE reads the replica, LOG_BASED (slot, snapshot, stream) the primary.
// Proof: replay on the replica is paused, then a row is committed on the primary; only a read of the primary sees it.
let primary: LocalPgServer;
let replica: LocalPgServer;

beforeAll(async () => {
  primary = await startLocalPostgres();
  await primary.adminQuery('CREATE TABLE public.accounts (id int PRIMARY KEY, name text)');
  await primary.adminQuery("INSERT INTO public.accounts VALUES (1, 'replicated')");
  replica = await startReplica(primary);
  await waitFor(async () => {
    const seen = await replica.adminQuery<{ n: string }>('SELECT count(*)::text AS n FROM public.accounts');
    return seen.rows[0]?.n === '1';
  });
  await replica.adminQuery('SELECT pg_wal_replay_pause()');
  await primary.adminQuery("INSERT INTO public.accounts VALUES (2, 'primary only')");
}, 120_000);

afterAll(async () => {
  await replica?.stop();
  await primary?.stop();
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the replica did not catch up');
}

function tapConfig(): string {
  return writeJsonTemp({
    ...primary.settings(primary.adminDatabase),
    sslmode: 'disable',
    filter_schemas: 'public',
    use_secondary: true,
    secondary_host: replica.host,
    secondary_port: replica.port,
    logical_decoding_plugin: 'pgoutput',
  });
}

async function syncedIds(method: 'FULL_TABLE' | 'LOG_BASED'): Promise<number[]> {
  const config = tapConfig();
  const catalog = writeJsonTemp(selectStreams(await discoverCatalog(config), { 'public-accounts': { method } }));
  const run = await runBin('tap-postgres', ['--config', config, '--catalog', catalog]);
  expect({ code: run.code, stderr: run.stderr.slice(-1500) }).toEqual({ code: 0, stderr: expect.any(String) });
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{"type":"RECORD"'))
    .map((line) => (JSON.parse(line) as { record: { id: number } }).record.id)
    .sort((a, b) => a - b);
}

it('FULL_TABLE with use_secondary reads the replica (the row replay has not reached is absent)', async () => {
  expect(await syncedIds('FULL_TABLE')).toEqual([1]);
});

it('LOG_BASED with use_secondary copies and streams from the primary (nothing missed)', async () => {
  expect(await syncedIds('LOG_BASED')).toEqual([1, 2]);
  const slots = await primary.adminQuery<{ n: string }>(
    "SELECT count(*)::text AS n FROM pg_replication_slots WHERE slot_type = 'logical'",
  );
  expect(slots.rows[0]?.n).toBe('1');
});
