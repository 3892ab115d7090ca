import { destinations, differences, logBasedCatalog, readState, runDestination, testDatabase } from '@pgsinger/testkit';

// LOG_BASED through the real bins, for wal2json and pgoutput, with hard and soft deletes: four destinations (each
// with its own slot) follow one source through an initial copy and rounds of changes; after every rerun from the
// last state, each destination equals the source, compared column by column by PostgreSQL.
const db = testDatabase({ prefix: 'e2e_logbased' });
const dests = destinations('lb');
const BIG = "repeat('toasted-', 20000)";

/** Every destination equals the source, table by table. */
async function expectDestinationsEqual(): Promise<void> {
  for (const dest of dests) {
    expect({ dest: dest.schema, items: await differences(db, dest, 'items') }).toEqual({
      dest: dest.schema,
      items: {},
    });
    expect({ dest: dest.schema, parts: await differences(db, dest, 'parts', ['id', 'region']) }).toEqual({
      dest: dest.schema,
      parts: {},
    });
  }
}

async function runAll(catalog: string): Promise<string[]> {
  const outputs: string[] = [];
  for (const dest of dests) outputs.push((await runDestination(db, dest, catalog)).tap.stdout);
  await expectDestinationsEqual();
  return outputs;
}

describe('LOG_BASED tap | target (wal2json and pgoutput)', () => {
  let catalog: string;

  beforeAll(async () => {
    await db.query(`
      CREATE SCHEMA src;
      CREATE TABLE src.items (id int PRIMARY KEY, name text, amount numeric(12,2), ts timestamptz, flag boolean,
                              doc jsonb, tags text[], big text);
      ALTER TABLE src.items ALTER big SET STORAGE EXTERNAL;
      INSERT INTO src.items SELECT g, 'item ' || g, g * 1.25, '2024-01-01 00:00:00.123456+00'::timestamptz + g * interval '1 hour',
                                   g % 2 = 0, jsonb_build_object('g', g), ARRAY['a', 'b' || g], NULL
                              FROM generate_series(1, 20) g;
      UPDATE src.items SET big = ${BIG} WHERE id = 5;
      CREATE TABLE src.parts (id int, region text, v text, PRIMARY KEY (id, region)) PARTITION BY LIST (region);
      CREATE TABLE src.parts_eu PARTITION OF src.parts FOR VALUES IN ('eu');
      CREATE TABLE src.parts_us PARTITION OF src.parts FOR VALUES IN ('us');
      INSERT INTO src.parts VALUES (1, 'eu', 'a'), (2, 'us', 'b');
    `);
    catalog = await logBasedCatalog(db, ['src-items', 'src-parts']);
  }, 60_000);

  test('initial copy: every destination equals the source; the state has lsn, version, last_replication_method', async () => {
    await runAll(catalog);
    for (const dest of dests) {
      const bookmark = readState(dest)['src-items'];
      expect(bookmark).toEqual(
        expect.objectContaining({
          lsn: expect.any(Number),
          version: expect.any(Number),
          last_replication_method: 'LOG_BASED',
        }),
      );
      expect(bookmark.last_pk_fetched).toBeUndefined();
    }
  }, 120_000);

  test('inserts, updates, deletes, a key change, an update leaving a TOASTed value unchanged, partitions', async () => {
    await db.query(`
      INSERT INTO src.items (id, name, amount, flag) VALUES (21, 'new', 99999.99, true), (22, E'tab\\tquote"', -1, NULL);
      UPDATE src.items SET name = 'changed', doc = '{"x": [1, 2]}' WHERE id IN (1, 2);
      DELETE FROM src.items WHERE id IN (3, 4);
      UPDATE src.items SET name = 'toast kept' WHERE id = 5;
      UPDATE src.items SET id = 30 WHERE id = 6;
      INSERT INTO src.parts VALUES (3, 'eu', 'c'), (4, 'us', 'd');
      UPDATE src.parts SET v = 'b2' WHERE id = 2;
      DELETE FROM src.parts WHERE id = 1;
    `);
    for (const output of await runAll(catalog)) {
      const records = output.split('\n').filter((line) => line.includes('"type":"RECORD"'));
      // Streamed, not copied again: 2 inserts, 2 updates, 2 deletes, 1 update, 1 key change (delete + upsert), 4 on parts.
      expect(records).toHaveLength(13);
      const toast = records.filter((line) => line.includes('"toast kept"'));
      expect(toast).toHaveLength(1);
      expect(toast[0]).not.toContain('"big"');
      expect(records.filter((line) => /"_sdc_deleted_at":"20\d\d-/.test(line))).toHaveLength(4);
    }
  }, 120_000);

  test('a truncate, a new column, then more changes', async () => {
    await db.query(`
      UPDATE src.items SET name = 'before truncate' WHERE id = 7;
      TRUNCATE src.items;
      INSERT INTO src.items (id, name) VALUES (100, 'after truncate'), (101, 'another');
      ALTER TABLE src.items ADD COLUMN extra numeric;
      INSERT INTO src.items (id, name, extra, big) VALUES (102, 'with extra', 1.5, ${BIG});
      UPDATE src.items SET extra = 2 WHERE id = 100;
      ALTER TABLE src.items DROP COLUMN tags;
      INSERT INTO src.items (id, name) VALUES (103, 'after drop');
      TRUNCATE src.parts;
      INSERT INTO src.parts VALUES (9, 'eu', 'after truncate');
    `);
    for (const dest of dests) {
      const lines = (await runDestination(db, dest, catalog)).tap.stdout.split('\n');
      const schema = lines.findIndex((line) => line.includes('"type":"SCHEMA"') && line.includes('"extra"'));
      const record = lines.findIndex((line) => line.includes('"type":"RECORD"') && line.includes('"extra":'));
      expect(schema).toBeGreaterThanOrEqual(0);
      expect(schema).toBeLessThan(record);
      expect(lines.filter((line) => line.includes('"type":"ACTIVATE_VERSION"'))).toHaveLength(2);
    }
    await expectDestinationsEqual();
  }, 120_000);

  test('a rerun without changes sends no records and keeps the destinations equal', async () => {
    for (const dest of dests) {
      const result = await runDestination(db, dest, catalog);
      expect(result.tap.stdout.includes('"type":"RECORD"')).toBe(false);
    }
    for (const dest of dests) expect(await differences(db, dest, 'items')).toEqual({});
  }, 120_000);

  test('a table added to the LOG_BASED set gets its own copy while the others keep streaming', async () => {
    await db.query(`CREATE TABLE src.later (id int PRIMARY KEY, v text);
      INSERT INTO src.later SELECT g, 'v' || g FROM generate_series(1, 5) g;
      INSERT INTO src.items (id, name) VALUES (200, 'while adding');`);
    const wider = await logBasedCatalog(db, ['src-items', 'src-parts', 'src-later']);
    for (const dest of dests) {
      const result = await runDestination(db, dest, wider);
      expect(result.tap.stderr).toContain('Temporary slot');
    }
    await db.query(`INSERT INTO src.later VALUES (6, 'streamed'); UPDATE src.items SET name = 'later' WHERE id = 200;`);
    for (const dest of dests) await runDestination(db, dest, wider);
    for (const dest of dests) {
      expect(await differences(db, dest, 'items')).toEqual({});
      expect(await differences(db, dest, 'later')).toEqual({});
    }
  }, 120_000);
});
