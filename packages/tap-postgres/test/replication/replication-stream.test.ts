import { testDatabase } from '@pgsinger/testkit';
import type { Client } from 'pg';
import type { CommitChange, DecodedChange, LogicalDecodingPlugin, TableName } from '../../src/replication';
import { dropSlot, ensurePublication, formatLsn, parseLsn, readSlot } from '../../src/replication';
import { confirmedFlush, createTestSlot, mark, openStream, plainClient, readCommits, rowChanges } from './helpers';

const db = testDatabase({ prefix: 'tap_replication' });
const TABLES: TableName[] = [
  { schema: 'public', table: 'items' },
  { schema: 'public', table: 'docs' },
];
const BIG = 'x'.repeat(5000);

beforeAll(async () => {
  await db.query(`CREATE TABLE items (id int PRIMARY KEY, amount numeric, big bigint, flag boolean, note text)`);
  await db.query(`CREATE TABLE docs (id int PRIMARY KEY, title text, body text)`);
  // EXTERNAL: stored out of line uncompressed, so the body really is TOASTed.
  await db.query(`ALTER TABLE docs ALTER COLUMN body SET STORAGE EXTERNAL`);
  await db.query(`CREATE TABLE other (id int PRIMARY KEY)`);
});

describe.each<LogicalDecodingPlugin>(['wal2json', 'pgoutput'])('%s', (plugin) => {
  const slotName = `test_${plugin}`;
  const publication = `pub_${plugin}`;
  let start: bigint;
  const open = (
    startLsn: bigint,
    extra: { sessionSettings?: Record<string, string>; statusIntervalMs?: number } = {},
  ) => openStream(db, { plugin, slotName, startLsn, tables: TABLES, publication, ...extra });

  beforeAll(async () => {
    await db.query('TRUNCATE items, docs, other');
    if (plugin === 'pgoutput') await ensurePublication(db, publication, TABLES);
    start = await createTestSlot(db, slotName, plugin);
  });

  afterAll(async () => {
    await dropSlot(db, slotName);
    await db.query(`DROP PUBLICATION IF EXISTS ${publication}`);
  });

  // Each test consumes what the previous ones wrote, then confirms it, so the slot moves on.
  let position: bigint;
  beforeAll(() => (position = start));

  async function consume(): Promise<DecodedChange[]> {
    const marker = await mark(db);
    const stream = await open(position);
    try {
      const changes = await readCommits(stream, { marker });
      const last = changes.filter((c): c is CommitChange => c.kind === 'commit').at(-1);
      if (last !== undefined) {
        stream.confirm(last.endLsn);
        position = last.endLsn;
      }
      return changes;
    } finally {
      await stream.stop();
    }
  }

  test('inserts, updates, deletes and truncates arrive as text values with the commit time', async () => {
    await db.query(`INSERT INTO items VALUES (1, 1.50, 9007199254740993, true, 'a"b\\c'), (2, NULL, -5, false, NULL)`);
    await db.query(`UPDATE items SET amount = 123456789012345678901234567890.000001 WHERE id = 1`);
    await db.query(`DELETE FROM items WHERE id = 2`);
    await db.query(`INSERT INTO other VALUES (1)`); // not selected: filtered out
    await db.query(`TRUNCATE items`);
    const changes = await consume();
    const rows = rowChanges(changes);
    expect(rows[0]).toEqual({
      kind: 'insert',
      schema: 'public',
      table: 'items',
      columns: { id: '1', amount: '1.50', big: '9007199254740993', flag: 't', note: 'a"b\\c' },
    });
    expect(rows[1]).toEqual({
      kind: 'insert',
      schema: 'public',
      table: 'items',
      columns: { id: '2', amount: null, big: '-5', flag: 'f', note: null },
    });
    expect(rows[2]).toMatchObject({
      kind: 'update',
      columns: { id: '1', amount: '123456789012345678901234567890.000001' },
    });
    expect(rows[3]).toEqual({ kind: 'delete', schema: 'public', table: 'items', key: { id: '2' } });
    expect(rows[4]).toMatchObject({ kind: 'truncate', tables: [{ schema: 'public', table: 'items' }] });
    expect(rows).toHaveLength(5);
    const deleteIndex = changes.findIndex((c) => c.kind === 'delete');
    const deleteChange = changes[deleteIndex];
    const deleteCommit = changes.slice(deleteIndex).find((c): c is CommitChange => c.kind === 'commit');
    const commits = changes.filter((c): c is CommitChange => c.kind === 'commit');
    expect(deleteChange && 'commitTime' in deleteChange && deleteChange.commitTime).toBe(deleteCommit?.commitTime);
    expect(deleteCommit?.commitTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    for (const commit of commits) expect(commit.lsn).toBe(commit.endLsn);
  });

  test('an update leaving a TOASTed value unchanged reports it absent, not null', async () => {
    await db.query(`INSERT INTO docs VALUES (1, 'first', $1 || md5(random()::text))`, [BIG.repeat(20)]);
    await db.query(`UPDATE docs SET title = 'second' WHERE id = 1`);
    const rows = rowChanges(await consume());
    expect(rows[0]).toMatchObject({ kind: 'insert', columns: { id: '1', title: 'first' } });
    expect((rows[0].columns as Record<string, string>).body).toHaveLength(100_032);
    expect(rows[1]).toMatchObject({ kind: 'update', schema: 'public', table: 'docs' });
    expect(rows[1].columns).toEqual({ id: '1', title: 'second' });
    expect('body' in (rows[1].columns as object)).toBe(false);
  });

  test('two transactions committing back to back: confirming the first end LSN redelivers the second', async () => {
    let a: Client | undefined;
    let b: Client | undefined;
    try {
      // Retry until the second commit record starts exactly where the first one ends (other WAL can slip between).
      let first: CommitChange | undefined;
      let second: CommitChange | undefined;
      let secondId = '';
      for (let attempt = 0; attempt < 5; attempt += 1) {
        a = await plainClient(db);
        b = await plainClient(db);
        await a.query('BEGIN');
        await a.query('INSERT INTO items VALUES ($1)', [100 + attempt * 2]);
        await b.query('BEGIN');
        await b.query('INSERT INTO items VALUES ($1)', [101 + attempt * 2]);
        await a.query('COMMIT');
        await b.query('COMMIT');
        await Promise.all([a.end(), b.end()]);
        a = b = undefined;
        const before = position;
        const stream = await open(position);
        let changes: DecodedChange[];
        try {
          changes = await readCommits(stream, { commits: 2 });
          [first, second] = changes.filter((c): c is CommitChange => c.kind === 'commit');
          secondId = (rowChanges(changes)[1].columns as Record<string, string>).id;
          // A consumer who committed only the first transaction confirms exactly its end LSN.
          stream.confirm(first.endLsn);
        } finally {
          await stream.stop();
        }
        expect(await confirmedFlush(db, slotName)).toBe(formatLsn(first.endLsn));
        expect(first.endLsn).toBeGreaterThan(before);
        if (second.commitLsn === first.endLsn) break;
        position = second.endLsn; // not the interleaving we need: move on and try again
        await (async () => {
          const s = await open(position);
          s.confirm(position);
          await s.stop();
        })();
      }
      if (first === undefined || second === undefined) throw new Error('no transactions');
      expect(second.commitLsn).toBe(first.endLsn); // the FINDINGS case
      // Proof that this is the data-loss case: a copy of the slot confirmed at end + 1 never sees the second one,
      // a copy confirmed at exactly the end does.
      for (const [offset, expected] of [
        [0n, 1],
        [1n, 0],
      ] as const) {
        const copy = `${slotName}_copy_${offset}`;
        await db.query('SELECT pg_copy_logical_replication_slot($1, $2)', [slotName, copy]);
        try {
          await db.query('SELECT pg_replication_slot_advance($1, $2::pg_lsn)', [
            copy,
            formatLsn(first.endLsn + offset),
          ]);
          const peek =
            plugin === 'wal2json'
              ? await db.query(
                  `SELECT data FROM pg_logical_slot_peek_changes($1, NULL, NULL, 'format-version', '2',
                     'add-tables', 'public.items') WHERE data LIKE '{"action":"I"%'`,
                  [copy],
                )
              : await db.query(
                  `SELECT data FROM pg_logical_slot_peek_binary_changes($1, NULL, NULL, 'proto_version', '1',
                     'publication_names', $2) WHERE get_byte(data, 0) = 73`,
                  [copy, publication],
                );
          expect(peek.rows).toHaveLength(expected);
        } finally {
          await dropSlot(db, copy);
        }
      }

      const restarted = await open(first.endLsn);
      try {
        const again = await readCommits(restarted, { commits: 1 });
        const inserted = rowChanges(again).map((r) => (r.columns as Record<string, string>).id);
        expect(inserted).toEqual([secondId]); // the second transaction, and not the first one again
        expect(again.at(-1)).toMatchObject({ kind: 'commit', endLsn: second.endLsn });
        restarted.confirm(second.endLsn);
        position = second.endLsn;
      } finally {
        await restarted.stop();
      }
      expect(await confirmedFlush(db, slotName)).toBe(formatLsn(second.endLsn));
    } finally {
      await a?.end();
      await b?.end();
    }
  });

  test('confirmed_flush_lsn never passes the confirmed LSN, however much is read', async () => {
    const confirmed = await confirmedFlush(db, slotName);
    await db.query(`INSERT INTO items SELECT g FROM generate_series(1000, 1999) g`);
    await db.query(`UPDATE items SET note = 'n' WHERE id BETWEEN 1000 AND 1099`);
    const marker = await mark(db);
    const stream = await open(position, { statusIntervalMs: 50 });
    try {
      const changes = await readCommits(stream, { marker });
      expect(changes.filter((c) => c.kind === 'insert')).toHaveLength(1000);
      await new Promise((resolve) => setTimeout(resolve, 300)); // several periodic status updates
      expect(stream.stats.statusUpdates).toBeGreaterThan(2);
      expect(await confirmedFlush(db, slotName)).toBe(confirmed);
    } finally {
      await stream.stop();
    }
    expect(await confirmedFlush(db, slotName)).toBe(confirmed);
    const slot = await readSlot(db, slotName);
    expect(slot?.confirmedFlushLsn).toBe(parseLsn(confirmed));
    // Nothing was confirmed, so everything comes again.
    const again = await consume();
    expect(again.filter((c) => c.kind === 'insert')).toHaveLength(1000);
  });

  test('keepalives are answered: an idle stream outlives a short wal_sender_timeout', async () => {
    const stream = await open(position, { sessionSettings: { wal_sender_timeout: '1s' }, statusIntervalMs: 600_000 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 3500));
      await db.query(`INSERT INTO items VALUES (5000)`);
      const changes = await readCommits(stream, { marker: await mark(db) });
      expect(rowChanges(changes)).toEqual([
        {
          kind: 'insert',
          schema: 'public',
          table: 'items',
          columns: { id: '5000', amount: null, big: null, flag: null, note: null },
        },
      ]);
      expect(stream.stats.keepalives).toBeGreaterThan(0);
      expect(stream.error).toBeUndefined();
      const last = changes.at(-1) as CommitChange;
      stream.confirm(last.endLsn);
      position = last.endLsn;
    } finally {
      await stream.stop();
    }
  });
});
