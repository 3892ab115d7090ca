import { readFileSync } from 'node:fs';
import {
  discoverCatalog,
  runPipeline,
  selectStreams,
  testDatabase,
  writeJsonTemp,
  type PipelineResult,
  type StreamChoice,
} from '@pgsinger/testkit';

// Where logical decoding cannot see everything, the tap says so — or refuses — instead of losing changes silently:
// tables without a replica identity, inheritance parents (read with ONLY by every method: a child is a stream of its
// own), TRUNCATE of some partitions, and an initial copy that fails for one LOG_BASED stream. Through tap | target,
// compared by text (`::text` on both sides).
const ROLE = `gaps_${process.pid}`;

afterAll(async () => {
  await db.query(`DROP OWNED BY ${ROLE}`);
  await db.server.adminQuery(`DROP ROLE IF EXISTS ${ROLE}`);
});

const db = testDatabase({ prefix: 'e2e_lb_gaps' });
const PLUGINS = ['wal2json', 'pgoutput'] as const;
type Plugin = (typeof PLUGINS)[number];

/** One pipeline setup: its slot, destination schema and last state. */
interface Pipe {
  readonly name: string;
  readonly tapExtra: Record<string, unknown>;
  state?: string;
}

const pipe = (name: string, tapExtra: Record<string, unknown> = {}): Pipe => ({ name, tapExtra });

async function catalogOf(choices: Readonly<Record<string, StreamChoice>>): Promise<string> {
  const config = writeJsonTemp({ ...db.settings, filter_schemas: 'src' }, 'tap-config');
  return writeJsonTemp(selectStreams(await discoverCatalog(config), choices), 'catalog');
}

/** Runs tap | target from the pipe's last state; keeps the target's last state line. */
async function run(p: Pipe, catalog: string, settings: object = db.settings): Promise<PipelineResult> {
  const tapConfig = writeJsonTemp(
    { ...settings, filter_schemas: 'src', slot_name: `slot_${p.name}`, ...p.tapExtra },
    'tap-config',
  );
  const targetConfig = writeJsonTemp(
    {
      ...db.settings,
      default_target_schema: `dst_${p.name}`,
      hard_delete: true,
      activate_version: 'hard',
      primary_key_required: false,
    },
    'target-config',
  );
  const result = await runPipeline({
    tapArgs: ['--config', tapConfig, '--catalog', catalog, ...(p.state === undefined ? [] : ['--state', p.state])],
    targetArgs: ['--config', targetConfig],
    timeoutMs: 60_000,
  });
  if (result.target.code !== 0) throw new Error(`target ${result.target.code}: ${result.target.stderr}`);
  const states = result.target.stdout.trim().split('\n').filter(Boolean);
  if (states.length > 0) p.state = writeJsonTemp(JSON.parse(states[states.length - 1]) as unknown, 'state');
  return result;
}

/** Rows of a relation as text (every column `::text`), in key order. */
async function textRows(relation: string, columns: readonly string[]): Promise<string[]> {
  const list = columns.map((c) => `${c}::text`).join(', ');
  const result = await db.query<{ row: string }>(`SELECT row(${list})::text AS row FROM ${relation} ORDER BY 1`);
  return result.rows.map((r) => r.row);
}

const lines = (text: string, prefix: string): string[] => text.split('\n').filter((line) => line.startsWith(prefix));
const bookmarks = (p: Pipe): Record<string, Record<string, unknown>> =>
  p.state === undefined
    ? {}
    : (JSON.parse(readFileSync(p.state, 'utf8')) as { bookmarks: Record<string, Record<string, unknown>> }).bookmarks;

beforeAll(async () => {
  await db.query(`CREATE SCHEMA src;
    CREATE TABLE src.keyed (id int PRIMARY KEY, v text); INSERT INTO src.keyed VALUES (1, 'a'), (2, 'b');
    CREATE TABLE src.nokey (id int, v text); INSERT INTO src.nokey VALUES (1, 'a');
    CREATE TABLE src.nothing (id int PRIMARY KEY, v text); ALTER TABLE src.nothing REPLICA IDENTITY NOTHING;
    CREATE TABLE src.deferred (id int PRIMARY KEY DEFERRABLE, v text);
    CREATE TABLE src.fullid (id int PRIMARY KEY DEFERRABLE, v text); ALTER TABLE src.fullid REPLICA IDENTITY FULL;
    INSERT INTO src.fullid VALUES (1, 'a'), (2, 'b');
    CREATE TABLE src.byindex (id int PRIMARY KEY DEFERRABLE, code int NOT NULL, v text);
    CREATE UNIQUE INDEX byindex_code ON src.byindex (code, id);
    ALTER TABLE src.byindex REPLICA IDENTITY USING INDEX byindex_code; INSERT INTO src.byindex VALUES (1, 1, 'a'), (2, 2, 'b');
    CREATE TABLE src.otherindex (id int PRIMARY KEY, code int NOT NULL); CREATE UNIQUE INDEX otherindex_code ON src.otherindex (code);
    ALTER TABLE src.otherindex REPLICA IDENTITY USING INDEX otherindex_code;
    CREATE TABLE src.fullnokey (v text); ALTER TABLE src.fullnokey REPLICA IDENTITY FULL;
    INSERT INTO src.fullnokey VALUES ('a');
    CREATE TABLE src.mixed (id int, v text) PARTITION BY LIST (v);
    CREATE TABLE src.mixed_keyed PARTITION OF src.mixed FOR VALUES IN ('k'); ALTER TABLE src.mixed_keyed ADD PRIMARY KEY (id);
    CREATE TABLE src.mixed_bare PARTITION OF src.mixed FOR VALUES IN ('b');

    CREATE TABLE src.parent (id int PRIMARY KEY, v text, at timestamptz DEFAULT now());
    CREATE TABLE src.child (extra text, PRIMARY KEY (id)) INHERITS (src.parent);
    INSERT INTO src.parent (id, v) VALUES (1, 'parent 1'), (2, 'parent 2');
    INSERT INTO src.child (id, v, extra) VALUES (10, 'child 10', 'x'), (11, 'child 11', 'y');

    CREATE TABLE src.parts (id int, region text, v text, PRIMARY KEY (id, region)) PARTITION BY LIST (region);
    CREATE TABLE src.parts_eu PARTITION OF src.parts FOR VALUES IN ('eu');
    CREATE TABLE src.parts_us PARTITION OF src.parts FOR VALUES IN ('us');

    CREATE FUNCTION src.refuse() RETURNS boolean LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'locked for audit' USING DETAIL = 'an auditor holds it', HINT = 'ask the auditor'; END $$;
    CREATE TABLE src.locked (id int PRIMARY KEY, v text); INSERT INTO src.locked VALUES (1, 'l');
    ALTER TABLE src.locked ENABLE ROW LEVEL SECURITY;
    CREATE POLICY audit ON src.locked USING (src.refuse());
    CREATE ROLE ${ROLE} LOGIN REPLICATION PASSWORD 'pw';
    GRANT USAGE ON SCHEMA src TO ${ROLE}; GRANT SELECT ON ALL TABLES IN SCHEMA src TO ${ROLE};`);
});

describe.each(PLUGINS)('LOG_BASED with %s', (plugin: Plugin) => {
  it('tables without a replica identity are refused in one line with the fix; the others replicate every change', async () => {
    const p = pipe(`identity_${plugin}`, { logical_decoding_plugin: plugin });
    const ids = ['keyed', 'nokey', 'nothing', 'deferred', 'fullid', 'byindex', 'otherindex', 'fullnokey', 'mixed'];
    const catalog = await catalogOf(Object.fromEntries(ids.map((t) => [`src-${t}`, { method: 'LOG_BASED' as const }])));
    const first = await run(p, catalog);
    expect(first.tap.code).toBe(3);
    const errors = lines(first.tap.stderr, 'ERROR');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^ERROR streams src-deferred, src-mixed, src-nokey, src-nothing, src-otherindex failed .*"src"."deferred", "src"."mixed_bare", "src"."nokey", "src"."nothing", "src"."otherindex" have none/,
    );
    expect(errors[0]).toMatch(
      plugin === 'wal2json' ? /wal2json would skip every UPDATE and DELETE/ : /the source would refuse their UPDATEs/,
    );
    expect(errors[0]).toMatch(/— ALTER TABLE "src"."deferred" REPLICA IDENTITY FULL; ALTER TABLE "src"."mixed_bare"/);
    expect(lines(first.tap.stderr, 'CRITICAL')).toEqual([
      expect.stringMatching(
        /^CRITICAL 5 of 9 streams failed: src-deferred, src-mixed, src-nokey, src-nothing, src-otherindex;/,
      ),
    ]);
    const positions = Object.entries(bookmarks(p)).filter(([, bookmark]) => bookmark.lsn !== undefined);
    expect(positions.map(([id]) => id).sort()).toEqual(['src-byindex', 'src-fullid', 'src-fullnokey', 'src-keyed']);
    if (plugin === 'pgoutput') {
      const published = await db.query<{ tablename: string }>(
        'SELECT tablename FROM pg_publication_tables WHERE pubname = $1 ORDER BY 1',
        [`slot_${p.name}`],
      );
      expect(published.rows.map((r) => r.tablename)).toEqual(['byindex', 'fullid', 'fullnokey', 'keyed']);
    }
    // The source still takes updates and deletes of every table, and those of the accepted tables all arrive.
    await db.query(`UPDATE src.nokey SET v = 'still writable'; UPDATE src.nothing SET v = 'x';
      UPDATE src.fullid SET v = 'updated' WHERE id = 1; DELETE FROM src.fullid WHERE id = 2;
      UPDATE src.byindex SET v = 'updated' WHERE id = 1; DELETE FROM src.byindex WHERE id = 2;
      UPDATE src.keyed SET v = 'updated' WHERE id = 2;
      UPDATE src.fullnokey SET v = 'updated';`);
    const second = await run(p, catalog);
    expect(second.tap.code).toBe(3);
    // Without a key the target appends, but the update did arrive.
    expect(second.tap.stdout).toMatch(/"stream":"src-fullnokey","record":\{"v":"updated"/);
    for (const table of ['keyed', 'fullid', 'byindex'])
      expect(await textRows(`dst_${p.name}.${table}`, ['id', 'v'])).toEqual(
        await textRows(`src.${table}`, ['id', 'v']),
      );
    await db.query(`UPDATE src.fullid SET v = 'a' WHERE id = 1; INSERT INTO src.fullid VALUES (2, 'b');
      UPDATE src.keyed SET v = 'b' WHERE id = 2; UPDATE src.byindex SET v = 'a'; INSERT INTO src.byindex VALUES (2, 2, 'b'); UPDATE src.fullnokey SET v = 'a'`);
  });

  it('an inheritance parent holds its own rows only; a child is its own stream; changes in either go where they belong', async () => {
    const p = pipe(`inherit_${plugin}`, { logical_decoding_plugin: plugin });
    const catalog = await catalogOf({ 'src-parent': { method: 'LOG_BASED' }, 'src-child': { method: 'LOG_BASED' } });
    const expectEqual = async (): Promise<void> => {
      expect(await textRows(`dst_${p.name}.parent`, ['id', 'v', 'at'])).toEqual(
        await textRows('ONLY src.parent', ['id', 'v', 'at']),
      );
      expect(await textRows(`dst_${p.name}.child`, ['id', 'v', 'at', 'extra'])).toEqual(
        await textRows('src.child', ['id', 'v', 'at', 'extra']),
      );
    };
    expect((await run(p, catalog)).tap.code).toBe(0);
    await expectEqual();
    await db.query(`INSERT INTO src.child (id, v, extra) VALUES (12, 'child 12', 'z'); DELETE FROM src.child WHERE id = 10;
      UPDATE src.parent SET v = 'child 11 via parent' WHERE id = 11; INSERT INTO src.parent (id, v) VALUES (3, 'parent 3');`);
    const second = await run(p, catalog);
    expect(second.tap.code).toBe(0);
    await expectEqual();
    // The parent's stream got only the parent's own change; the child's changes (also the one made through the
    // parent) went to the child's stream.
    const records = lines(second.tap.stdout, '{"type":"RECORD"');
    expect(records.filter((line) => line.includes('"stream":"src-parent"'))).toHaveLength(1);
    expect(records.filter((line) => line.includes('"stream":"src-child"'))).toHaveLength(3);
    await db.query(`DELETE FROM src.child WHERE id = 12; INSERT INTO src.child (id, v, extra) VALUES (10, 'child 10', 'x');
      UPDATE src.child SET v = 'child 11' WHERE id = 11; DELETE FROM src.parent WHERE id = 3;`);
  });

  it('TRUNCATE: a whole partitioned table is one ACTIVATE_VERSION and no warning; one partition is warned about only when it is seen', async () => {
    const p = pipe(`truncate_${plugin}`, { logical_decoding_plugin: plugin });
    await db.query(`TRUNCATE src.parts; INSERT INTO src.parts VALUES (1, 'eu', 'a'), (2, 'us', 'b')`);
    const catalog = await catalogOf({ 'src-parts': { method: 'LOG_BASED' } });
    expect((await run(p, catalog)).tap.code).toBe(0);
    await db.query(`TRUNCATE src.parts; INSERT INTO src.parts VALUES (3, 'eu', 'c'), (4, 'us', 'd')`);
    const whole = await run(p, catalog);
    expect(lines(whole.tap.stdout, '{"type":"ACTIVATE_VERSION"')).toHaveLength(1);
    expect(lines(whole.tap.stderr, 'WARNING')).toEqual([]);
    expect(await textRows(`dst_${p.name}.parts`, ['id', 'region', 'v'])).toEqual(
      await textRows('src.parts', ['id', 'region', 'v']),
    );
    // Every partition, named in one statement: the whole table again.
    await db.query(`TRUNCATE src.parts_eu, src.parts_us; INSERT INTO src.parts VALUES (5, 'eu', 'e'), (6, 'us', 'f')`);
    const both = await run(p, catalog);
    expect(lines(both.tap.stderr, 'WARNING')).toEqual([]);
    if (plugin === 'wal2json') {
      expect(lines(both.tap.stdout, '{"type":"ACTIVATE_VERSION"')).toHaveLength(1);
      expect(await textRows(`dst_${p.name}.parts`, ['id', 'region', 'v'])).toEqual(
        await textRows('src.parts', ['id', 'region', 'v']),
      );
    } else {
      // pgoutput with publish_via_partition_root sends no TRUNCATE of partitions at all (docs/replication/log-based.md).
      expect(lines(both.tap.stdout, '{"type":"ACTIVATE_VERSION"')).toHaveLength(0);
    }
    await db.query(`TRUNCATE src.parts; INSERT INTO src.parts VALUES (7, 'eu', 'g'), (8, 'us', 'h')`);
    await run(p, catalog);
    await db.query(`TRUNCATE src.parts_eu; INSERT INTO src.parts VALUES (9, 'us', 'i')`);
    const one = await run(p, catalog);
    expect(lines(one.tap.stdout, '{"type":"ACTIVATE_VERSION"')).toHaveLength(0);
    const destination = await textRows(`dst_${p.name}.parts`, ['id', 'region', 'v']);
    // Not replicated: the eu row stays in the destination.
    expect(destination).toEqual(['(7,eu,g)', '(8,us,h)', '(9,us,i)']);
    if (plugin === 'wal2json')
      expect(lines(one.tap.stderr, 'WARNING')).toEqual([
        expect.stringMatching(
          /src-parts: TRUNCATE of partition\(s\) "src"."parts_eu" is not replicated: their rows stay in the destination; resync the stream/,
        ),
      ]);
    else expect(lines(one.tap.stderr, 'WARNING')).toEqual([]);
  });
});

describe('LOG_BASED: one initial copy failing', () => {
  it('fails that stream only (ERROR with DETAIL and HINT): the others are copied and streamed; it is copied once fixed', async () => {
    const p = pipe('copyfail');
    const catalog = await catalogOf({ 'src-keyed': { method: 'LOG_BASED' }, 'src-locked': { method: 'LOG_BASED' } });
    const settings = { ...db.settings, user: ROLE, password: 'pw' };
    const first = await run(p, catalog, settings);
    expect(first.tap.code).toBe(3);
    expect(lines(first.tap.stderr, 'ERROR')).toEqual([
      expect.stringMatching(
        /^ERROR stream src-locked failed .*PostgreSQL error P0001: locked for audit \(DETAIL: an auditor holds it\) — ask the auditor/,
      ),
    ]);
    expect(bookmarks(p)['src-keyed'].lsn).toEqual(expect.any(Number));
    expect(bookmarks(p)['src-locked']?.lsn).toBeUndefined();
    await db.query(`INSERT INTO src.keyed VALUES (3, 'streamed'); ALTER TABLE src.locked DISABLE ROW LEVEL SECURITY`);
    const second = await run(p, catalog, settings);
    expect(second.tap.code).toBe(0);
    expect(second.tap.stderr).toContain('Temporary slot');
    expect(await textRows(`dst_${p.name}.keyed`, ['id', 'v'])).toEqual(await textRows('src.keyed', ['id', 'v']));
    expect(await textRows(`dst_${p.name}.locked`, ['id', 'v'])).toEqual(await textRows('src.locked', ['id', 'v']));
  });
});
