import { testDatabase } from '@pgsinger/testkit';
import type { Client } from 'pg';
import type { LogicalDecodingPlugin, SlotInfo, TableName } from '../../src/replication';
import {
  checkSlot,
  createSlotWithSnapshot,
  dropSlot,
  ensurePublication,
  findIdentityGaps,
  preflightReplication,
  ReplicationError,
  startReplication,
  toReplicationError,
} from '../../src/replication';
import { createTestSlot, plainClient, replicationClient, streamedRowChanges } from './helpers';

const db = testDatabase({ prefix: 'tap_replication_slots' });
const slots: string[] = [];

beforeAll(async () => {
  await db.query('CREATE TABLE keyed (id int PRIMARY KEY, v text)');
  await db.query('CREATE TABLE nokey (v text)');
  await db.query('CREATE TABLE "Foo bar.baz" (id int PRIMARY KEY)');
  await db.query('CREATE TABLE parted (id int PRIMARY KEY, v text) PARTITION BY RANGE (id)');
  await db.query('CREATE TABLE parted_1 PARTITION OF parted FOR VALUES FROM (0) TO (100)');
  await db.query(`CREATE TABLE nothing (id int PRIMARY KEY) ;ALTER TABLE nothing REPLICA IDENTITY NOTHING;
    CREATE TABLE full_identity (v text); ALTER TABLE full_identity REPLICA IDENTITY FULL;
    CREATE TABLE by_index (a int NOT NULL, b text); CREATE UNIQUE INDEX by_index_a ON by_index (a);
    ALTER TABLE by_index REPLICA IDENTITY USING INDEX by_index_a;
    CREATE TABLE index_dropped (a int NOT NULL); CREATE UNIQUE INDEX index_dropped_a ON index_dropped (a);
    ALTER TABLE index_dropped REPLICA IDENTITY USING INDEX index_dropped_a; DROP INDEX index_dropped_a;
    CREATE TABLE deferred (id int PRIMARY KEY DEFERRABLE INITIALLY DEFERRED);
    CREATE TABLE other_index (id int PRIMARY KEY, code int NOT NULL); CREATE UNIQUE INDEX other_code ON other_index (code);
    ALTER TABLE other_index REPLICA IDENTITY USING INDEX other_code;
    CREATE TABLE wider_index (id int PRIMARY KEY, code int NOT NULL);
    CREATE UNIQUE INDEX wider_code ON wider_index (code, id); ALTER TABLE wider_index REPLICA IDENTITY USING INDEX wider_code;
    CREATE TABLE mixed (id int, v text) PARTITION BY LIST (id);
    CREATE TABLE mixed_keyed PARTITION OF mixed FOR VALUES IN (1); ALTER TABLE mixed_keyed ADD PRIMARY KEY (id);
    CREATE TABLE mixed_bare PARTITION OF mixed FOR VALUES IN (2);
    CREATE TABLE mixed_deep PARTITION OF mixed FOR VALUES IN (3) PARTITION BY LIST (v);
    CREATE TABLE mixed_deep_x PARTITION OF mixed_deep FOR VALUES IN ('x');
    CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (extra int) INHERITS (parent);`);
});

afterAll(async () => {
  for (const slot of slots) await dropSlot(db, slot).catch(() => undefined);
  await db.server.adminQuery('SELECT pg_drop_replication_slot($1) FROM pg_replication_slots WHERE slot_name = $1', [
    'other_db_slot',
  ]);
});

async function createSlot(name: string, plugin: LogicalDecodingPlugin): Promise<bigint> {
  slots.push(name);
  return createTestSlot(db, name, plugin);
}

/** The row changes of public.<table> a wal2json stream from `startLsn` delivers (see streamedRowChanges). */
function wal2jsonRowChanges(slotName: string, startLsn: bigint, table: string): Promise<Record<string, unknown>[]> {
  const tables = [{ schema: 'public', table }];
  return streamedRowChanges(db, { plugin: 'wal2json', slotName, startLsn, tables, publication: 'unused' });
}

const codeOf = async (work: Promise<unknown>): Promise<string | undefined> => {
  try {
    await work;
    return undefined;
  } catch (error) {
    return error instanceof ReplicationError ? error.code : `not known: ${String(error)}`;
  }
};

describe('preflight', () => {
  test('passes on a logical server without a slot yet', async () => {
    const result = await preflightReplication(db, { plugin: 'wal2json', slotName: 'none_yet', database: db.name });
    expect(result).toEqual({ slot: undefined });
  });

  test('replica identities: none without a key, with NOTHING, a deferrable key, a dropped index or one without the key; leaves count', async () => {
    const names = [
      'keyed',
      'other_index',
      'wider_index',
      'nokey',
      'nothing',
      'full_identity',
      'by_index',
      'index_dropped',
      'deferred',
      'parted',
      'mixed',
      'parent',
    ];
    const gaps = await findIdentityGaps(
      db,
      names.map((table) => ({ schema: 'public', table })),
    );
    expect(gaps.map((gap) => [gap.table.table, gap.missing.map((t) => t.table)])).toEqual([
      ['deferred', ['deferred']],
      ['index_dropped', ['index_dropped']],
      // Both leaves without a key, also the one under a sub-partitioned partition; the keyed leaf is fine.
      ['mixed', ['mixed_bare', 'mixed_deep_x']],
      ['nokey', ['nokey']],
      ['nothing', ['nothing']],
      // USING INDEX on an index without the primary key: deletes would come without the stream's key.
      ['other_index', ['other_index']],
    ]);
    // The inheritance child has no key, but it is a stream of its own: the parent (read with ONLY) is fine.
    expect(await findIdentityGaps(db, [{ schema: 'public', table: 'child' }])).toHaveLength(1);
  });

  test('a slot of another plugin or database, a role without REPLICATION', async () => {
    await createSlot('w2j_slot', 'wal2json');
    const base = { slotName: 'w2j_slot', database: db.name };
    expect((await preflightReplication(db, { ...base, plugin: 'wal2json' })).slot?.plugin).toBe('wal2json');
    expect(await codeOf(preflightReplication(db, { ...base, plugin: 'pgoutput' }))).toBe('SLOT_PLUGIN_MISMATCH');
    await db.server.adminQuery("SELECT pg_create_logical_replication_slot('other_db_slot', 'wal2json')");
    expect(await codeOf(preflightReplication(db, { ...base, slotName: 'other_db_slot', plugin: 'wal2json' }))).toBe(
      'SLOT_OTHER_DATABASE',
    );

    const role = `norepl_${process.pid}`;
    await db.query(`CREATE ROLE ${role} LOGIN PASSWORD 'pw'`);
    let client: Client | undefined;
    try {
      client = await plainClient({ ...db, settings: { ...db.settings, user: role, password: 'pw' } });
      expect(await codeOf(preflightReplication(client, { ...base, plugin: 'wal2json' }))).toBe(
        'REPLICATION_PRIVILEGE_MISSING',
      );
    } finally {
      await client?.end();
      await db.query(`DROP ROLE ${role}`);
    }
  });

  test('a lost slot, an active slot, a physical slot (pure)', () => {
    const slot: SlotInfo = {
      slotName: 's',
      plugin: 'wal2json',
      slotType: 'logical',
      database: 'd',
      active: false,
      confirmedFlushLsn: 1n,
      restartLsn: 1n,
      walStatus: 'lost',
    };
    const expected = { plugin: 'wal2json', database: 'd' };
    expect(() => checkSlot(slot, expected)).toThrow(expect.objectContaining({ code: 'SLOT_LOST', known: true }));
    expect(() => checkSlot({ ...slot, walStatus: 'reserved', active: true }, expected)).toThrow(
      expect.objectContaining({ code: 'SLOT_IN_USE' }),
    );
    expect(() => checkSlot({ ...slot, slotType: 'physical' }, expected)).toThrow(
      expect.objectContaining({ code: 'SLOT_NOT_LOGICAL' }),
    );
    expect(() => checkSlot({ ...slot, walStatus: 'extended' }, expected)).not.toThrow();
  });
});

describe('server errors become known errors with a fix', () => {
  test('missing plugin, missing slot, wal_level, privilege', async () => {
    const client = await replicationClient(db);
    try {
      const plugin = 'no_such_plugin' as LogicalDecodingPlugin;
      expect(await codeOf(createSlotWithSnapshot(client, 'bad_plugin', plugin))).toBe('PLUGIN_MISSING');
    } finally {
      await client.end();
    }
    const replication = await replicationClient(db);
    const start = startReplication(replication, {
      slotName: 'missing',
      startLsn: 0n,
      pluginOptions: {},
      decode: () => 1,
    });
    const error = await start.then(
      () => undefined,
      (e: unknown) => toReplicationError(e, { slotName: 'missing' }),
    );
    await replication.end().catch(() => undefined);
    expect(error).toMatchObject({ code: 'SLOT_MISSING', known: true });
    expect(toReplicationError(new Error('logical decoding requires wal_level >= logical'))).toMatchObject({
      code: 'WAL_LEVEL_NOT_LOGICAL',
      fix: expect.stringContaining('wal_level = logical'),
    });
    expect(
      toReplicationError(new Error('must be superuser or replication role to use replication slots')),
    ).toMatchObject({
      code: 'REPLICATION_PRIVILEGE_MISSING',
    });
    const other = new Error('something else');
    expect(toReplicationError(other)).toBe(other);
  });
});

describe('exported snapshot', () => {
  test('the copy in the snapshot and the stream from the consistent point line up exactly', async () => {
    await db.query("INSERT INTO keyed VALUES (1, 'before')");
    const exporter = await replicationClient(db);
    let consistentPoint: bigint;
    const copier = await plainClient(db);
    try {
      slots.push('snap_slot');
      const created = await createSlotWithSnapshot(exporter, 'snap_slot', 'wal2json');
      consistentPoint = created.consistentPoint;
      await db.query("INSERT INTO keyed VALUES (2, 'after')");
      await copier.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await copier.query(`SET TRANSACTION SNAPSHOT '${created.snapshotName}'`);
      const copied = await copier.query<{ id: number }>('SELECT id FROM keyed ORDER BY id');
      await copier.query('COMMIT');
      expect(copied.rows.map((r) => r.id)).toEqual([1]);
    } finally {
      await exporter.end();
      await copier.end();
    }
    const rows = await wal2jsonRowChanges('snap_slot', consistentPoint, 'keyed');
    expect(rows).toEqual([{ kind: 'insert', schema: 'public', table: 'keyed', columns: { id: '2', v: 'after' } }]);
  });
});

describe('table filters', () => {
  test('wal2json add-tables escapes special characters in names', async () => {
    const start = await createSlot('special_names', 'wal2json');
    await db.query('INSERT INTO "Foo bar.baz" VALUES (7)');
    await db.query("INSERT INTO keyed VALUES (70, 'not selected')");
    const rows = await wal2jsonRowChanges('special_names', start, 'Foo bar.baz');
    expect(rows).toEqual([{ kind: 'insert', schema: 'public', table: 'Foo bar.baz', columns: { id: '7' } }]);
  });

  test('pgoutput: the publication is created and extended; partition changes arrive under the root', async () => {
    const tables: TableName[] = [{ schema: 'public', table: 'parted' }];
    expect(await ensurePublication(db, 'parts_pub', tables)).toEqual({ created: true, addedTables: tables });
    expect(await ensurePublication(db, 'parts_pub', tables)).toEqual({ created: false, addedTables: [] });
    const more = [...tables, { schema: 'public', table: 'keyed' }];
    expect(await ensurePublication(db, 'parts_pub', more)).toEqual({ created: false, addedTables: [more[1]] });
    const start = await createSlot('parts', 'pgoutput');
    await db.query("INSERT INTO parted VALUES (5, 'in a partition')");
    const rows = await streamedRowChanges(db, {
      plugin: 'pgoutput',
      slotName: 'parts',
      startLsn: start,
      tables,
      publication: 'parts_pub',
    });
    expect(rows).toEqual([
      { kind: 'insert', schema: 'public', table: 'parted', columns: { id: '5', v: 'in a partition' } },
    ]);
  });
});
