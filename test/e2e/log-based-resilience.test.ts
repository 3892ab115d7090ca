import { connect } from '@pgsinger/postgres';
import {
  collect,
  type Destination,
  destinations,
  differences,
  feed,
  logBasedCatalog,
  readState,
  runDestination,
  spawnBin,
  tapConfig,
  testDatabase,
  writeJsonTemp,
} from '@pgsinger/testkit';
import { readFileSync } from 'node:fs';

// Acknowledgement and restarts through the real bins: back-to-back commits around a state boundary, SIGKILL in the
// middle of a stream, and idle databases (heartbeats, when turned on, move the slot).
const db = testDatabase({ prefix: 'e2e_lbres' });
const dests = destinations('res').filter((dest) => dest.hardDelete);

const recordCount = (stdout: string): number => stdout.split('\n').filter((l) => l.includes('"type":"RECORD"')).length;

async function confirmedFlush(slot: string): Promise<bigint> {
  const result = await db.query<{ lsn: string }>(
    "SELECT (confirmed_flush_lsn - '0/0')::text AS lsn FROM pg_replication_slots WHERE slot_name = $1",
    [slot],
  );
  return BigInt(result.rows[0].lsn);
}

function withLsn(dest: Destination, lsn: bigint): string {
  const state = JSON.parse(readFileSync(dest.state ?? '', 'utf8')) as { bookmarks: Record<string, { lsn: number }> };
  for (const bookmark of Object.values(state.bookmarks)) bookmark.lsn = Number(lsn);
  return writeJsonTemp(state, 'state-crafted');
}

describe('LOG_BASED acknowledgement and restarts', () => {
  let catalog: string;

  beforeAll(async () => {
    await db.query(`CREATE SCHEMA src;
      CREATE TABLE src.events (id int PRIMARY KEY, payload text, n int DEFAULT 0);
      INSERT INTO src.events SELECT g, 'row ' || g FROM generate_series(1, 10) g;`);
    catalog = await logBasedCatalog(db, ['src-events']);
    for (const dest of dests) await runDestination(db, dest, catalog);
  }, 60_000);

  test('two transactions committing back to back: a state between them loses and repeats nothing', async () => {
    const starts = dests.map((dest) => dest.state ?? '');
    await db.query("SELECT pg_create_logical_replication_slot('probe_b2b', 'wal2json')");
    // The second commit record lands exactly at the first one's end: T2 wrote its row before T1 committed.
    const [t1, t2] = [await connect(db.settings), await connect(db.settings)];
    await t2.query("BEGIN; INSERT INTO src.events (id, payload) VALUES (1000, 'b')");
    await t1.query("BEGIN; INSERT INTO src.events (id, payload) VALUES (1001, 'a'); COMMIT");
    await t2.query('COMMIT');
    await Promise.all([t1.end(), t2.end()]);
    const peek = await db.query<{ data: string }>(
      "SELECT data FROM pg_logical_slot_peek_changes('probe_b2b', NULL, NULL, 'format-version', '2', 'include-lsn', 'true')",
    );
    await db.query("SELECT pg_drop_replication_slot('probe_b2b')");
    const commits = peek.rows
      .map((row) => JSON.parse(row.data) as { action: string; lsn?: string; nextlsn?: string })
      .filter((m) => m.action === 'C');
    const toLsn = (text: string): bigint => {
      const [hi, lo] = text.split('/');
      return (BigInt(`0x${hi}`) << 32n) | BigInt(`0x${lo}`);
    };
    const firstEnd = toLsn(commits[0].nextlsn ?? '');
    expect(toLsn(commits[1].lsn ?? '')).toBe(firstEnd);
    for (const [i, dest] of dests.entries()) {
      // From the state before both: both rows, once each.
      expect(recordCount((await runDestination(db, dest, catalog)).tap.stdout)).toBe(2);
      const after = dest.state;
      // From a state at the first commit's end: exactly the second transaction.
      dest.state = withLsn({ ...dest, state: starts[i] }, firstEnd);
      expect(recordCount((await runDestination(db, dest, catalog)).tap.stdout)).toBe(1);
      dest.state = after;
      expect(recordCount((await runDestination(db, dest, catalog)).tap.stdout)).toBe(0);
      expect(await differences(db, dest, 'events')).toEqual({});
    }
  }, 120_000);

  test('SIGKILL mid-stream: the rerun loses nothing; the slot never passes the committed state', async () => {
    await db.query(`UPDATE src.events SET n = n + 1`);
    for (let i = 0; i < 40; i += 1)
      await db.query(`INSERT INTO src.events (id, payload) SELECT g, repeat('x', 200)
                        FROM generate_series(${10_000 + i * 1000}, ${10_999 + i * 1000}) g`);
    for (const dest of dests) {
      const committed = BigInt(readState(dest)['src-events'].lsn as number);
      const targetConfig = writeJsonTemp(
        { ...db.settings, default_target_schema: dest.schema, hard_delete: true, batch_size_rows: 2000 },
        'target-config',
      );
      const tap = spawnBin('tap-postgres', [
        '--config',
        tapConfig(db, dest),
        '--catalog',
        catalog,
        '--state',
        dest.state ?? '',
      ]);
      const target = spawnBin('target-postgres', ['--config', targetConfig]);
      feed(tap, undefined);
      target.stdin?.on('error', () => undefined);
      let bytes = 0;
      tap.stdout?.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > 2_000_000 && tap.exitCode === null) tap.kill('SIGKILL');
      });
      tap.stdout?.pipe(target.stdin!);
      let polls = 0;
      let violation: string | undefined;
      const poller = setInterval(() => {
        void confirmedFlush(dest.slot).then((lsn) => {
          polls += 1;
          if (lsn > committed) violation = `confirmed ${lsn} > state ${committed}`;
        });
      }, 25);
      const [tapResult, targetResult] = await Promise.all([
        collect(tap, 60_000, { stdout: false }),
        collect(target, 60_000),
      ]);
      clearInterval(poller);
      expect(tapResult.signal).toBe('SIGKILL');
      expect(violation).toBeUndefined();
      expect(polls).toBeGreaterThan(0);
      const states = targetResult.stdout.trim().split('\n').filter(Boolean);
      if (states.length > 0) dest.state = writeJsonTemp(JSON.parse(states[states.length - 1]) as unknown, 'state');
      expect(await confirmedFlush(dest.slot)).toBeLessThanOrEqual(committed);
      await runDestination(db, dest, catalog);
      expect(await differences(db, dest, 'events')).toEqual({});
    }
  }, 180_000);

  test('idle database: runs return within seconds and heartbeats (logical_heartbeat) move the slot', async () => {
    for (const dest of dests) {
      await runDestination(db, dest, catalog);
      const before = await confirmedFlush(dest.slot);
      for (let i = 0; i < 3; i += 1) {
        const started = Date.now();
        const result = await runDestination(db, dest, catalog, { wal_sender_timeout: 20_000, logical_heartbeat: true });
        expect(Date.now() - started).toBeLessThan(5000);
        expect(recordCount(result.tap.stdout)).toBe(0);
      }
      expect(await confirmedFlush(dest.slot)).toBeGreaterThan(before);
    }
  }, 120_000);

  test('an interrupted initial copy resumes after its last key and the stream replays what changed since', async () => {
    for (const dest of dests) {
      // A state as an interrupted first copy leaves it: the position set before the copy, the last key copied.
      const state = JSON.parse(readFileSync(dest.state ?? '', 'utf8')) as {
        bookmarks: Record<string, Record<string, unknown>>;
      };
      const bookmark = state.bookmarks['src-events'];
      state.bookmarks['src-events'] = { ...bookmark, last_pk_fetched: { id: '5' } };
      dest.state = writeJsonTemp(state, 'state-interrupted');
      await db.query(`DELETE FROM ${dest.schema}.events WHERE id > 5`);
    }
    await db.query("UPDATE src.events SET payload = 'changed during the copy' WHERE id IN (2, 8)");
    for (const dest of dests) {
      const result = await runDestination(db, dest, catalog);
      expect(result.tap.stderr).toContain('LOG_BASED initial copy (resumed)');
      expect(readState(dest)['src-events'].last_pk_fetched).toBeUndefined();
      expect(await differences(db, dest, 'events')).toEqual({});
    }
  }, 120_000);
});
