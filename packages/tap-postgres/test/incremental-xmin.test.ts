import { choose, discoverCatalog, failure, selectStreams, testDatabase, writeJsonTemp } from '@pgsinger/testkit';
import { catalogFile, configFile, lastState, type OutputMessage, parseOutput, selectedCatalog, tap } from './helpers';

const db = testDatabase({ prefix: 'tap_incremental' });

beforeAll(async () => {
  await db.query(`
    CREATE TABLE items (id int PRIMARY KEY, name text, updated_at timestamptz);
    INSERT INTO items SELECT g, 'item ' || g, '2024-01-01'::timestamptz + g * interval '1 minute' FROM generate_series(1, 50) g;
    INSERT INTO items VALUES (51, 'no key', NULL);
    CREATE TABLE counters (id bigint PRIMARY KEY, n int);
    INSERT INTO counters SELECT g, 0 FROM generate_series(1, 20) g;
    CREATE MATERIALIZED VIEW counter_view AS SELECT id, n FROM counters;
    CREATE VIEW plain_view AS SELECT id FROM counters;
    CREATE SCHEMA "My ""Schema""";
    CREATE TABLE "My ""Schema"""."Wéird ""Table""" ("Id" int PRIMARY KEY, "select" text, "a""b" int);
    INSERT INTO "My ""Schema"""."Wéird ""Table""" VALUES (1, 'x', 2), (2, 'y', 3);
  `);
});

async function run(config: string, catalog: string, state?: unknown): Promise<OutputMessage[]> {
  const args = ['-c', config, '--catalog', catalog];
  if (state !== undefined) args.push('--state', writeJsonTemp(state, 'state'));
  const result = await tap(args);
  if (result.code !== 0) throw new Error(`tap failed (${result.code}): ${result.stderr}`);
  return parseOutput(result.stdout);
}
const records = (messages: readonly OutputMessage[]): unknown[] =>
  messages.filter((m) => m.type === 'RECORD').map((m) => m.record?.id);

describe('INCREMENTAL', () => {
  it('emits only new and changed rows on a rerun, with the bookmark pipelinewise stores', async () => {
    const config = configFile(db, { itersize: 10 });
    const catalog = await selectedCatalog(config, {
      'public-items': { method: 'INCREMENTAL', replicationKey: 'updated_at' },
    });
    const first = await run(config, catalog);
    // Row 51's replication key is NULL: INCREMENTAL never sends it (a warning counts such rows).
    expect(records(first)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(first.filter((m) => m.type === 'SCHEMA')[0].bookmark_properties).toEqual(['updated_at']);
    expect(first.filter((m) => m.type === 'ACTIVATE_VERSION')).toHaveLength(1);
    // Checkpointed as rows stream: a STATE after every batch of itersize rows.
    expect(first.filter((m) => m.type === 'STATE').length).toBeGreaterThanOrEqual(6);
    const state = lastState(first) as { bookmarks: Record<string, Record<string, unknown>> };
    const bookmark = state.bookmarks['public-items'];
    expect(Object.keys(bookmark).sort()).toEqual([
      'last_replication_method',
      'replication_key',
      'replication_key_pk',
      'replication_key_value',
      'replication_key_xmin',
      'version',
    ]);
    expect(bookmark).toMatchObject({
      last_replication_method: 'INCREMENTAL',
      replication_key: 'updated_at',
      replication_key_value: '2024-01-01T00:50:00+00:00',
      replication_key_pk: { id: '50' },
    });

    await db.query(`UPDATE items SET name = 'changed', updated_at = '2024-02-01' WHERE id = 3;
      INSERT INTO items VALUES (52, 'new', '2024-03-01')`);
    const second = await run(config, catalog, state);
    // Strictly after the bookmark's (updated_at, id): the changed and the new rows, not the row at the bookmark.
    expect(records(second)).toEqual([3, 52]);
    const version = second.find((m) => m.type === 'ACTIVATE_VERSION')?.version;
    expect(version).toBe(bookmark.version);
    expect((lastState(second) as typeof state).bookmarks['public-items'].replication_key_value).toBe(
      '2024-03-01T00:00:00+00:00',
    );
  });

  it('resets the bookmark when the replication key changes, and honours limit', async () => {
    const config = configFile(db, { limit: 5 });
    const catalog = await selectedCatalog(config, { 'public-items': { method: 'INCREMENTAL', replicationKey: 'id' } });
    const state = {
      bookmarks: {
        'public-items': {
          last_replication_method: 'INCREMENTAL',
          replication_key: 'updated_at',
          replication_key_value: '2030-01-01',
          version: 1,
        },
      },
    };
    const messages = await run(config, catalog, state);
    expect(records(messages)).toEqual([1, 2, 3, 4, 5]);
    expect((lastState(messages) as typeof state).bookmarks['public-items']).toMatchObject({
      replication_key: 'id',
      replication_key_value: 5,
    });
  });
});

describe('XMIN', () => {
  it('emits only rows inserted or updated since the last run (tables and materialized views)', async () => {
    const config = configFile(db);
    const catalog = await selectedCatalog(
      config,
      choose(['public-counters', 'public-counter_view'], { method: 'XMIN' }),
    );
    const first = await run(config, catalog);
    const byStream = (messages: readonly OutputMessage[], stream: string): unknown[] =>
      messages.filter((m) => m.type === 'RECORD' && m.stream === stream).map((m) => m.record?.id);
    expect(byStream(first, 'public-counters')).toHaveLength(20);
    expect(byStream(first, 'public-counter_view')).toHaveLength(20);
    const state = lastState(first) as { bookmarks: Record<string, Record<string, unknown>> };
    expect(state.bookmarks['public-counters']).toMatchObject({
      last_replication_method: 'XMIN',
      xmin: expect.any(Number),
    });

    const unchanged = await run(config, catalog, state);
    expect(byStream(unchanged, 'public-counters')).toEqual([]);
    expect(byStream(unchanged, 'public-counter_view')).toEqual([]);

    await db.query('UPDATE counters SET n = n + 1 WHERE id IN (4, 5); INSERT INTO counters VALUES (21, 0)');
    const second = await run(config, catalog, lastState(unchanged));
    expect((byStream(second, 'public-counters') as string[]).map(Number).sort((a, b) => a - b)).toEqual([4, 5, 21]);
    expect(byStream(second, 'public-counter_view')).toEqual([]);
  });

  it('refuses a plain view with one clear line (a failure of that stream: exit 3)', async () => {
    const config = configFile(db);
    const catalog = await selectedCatalog(config, choose(['public-plain_view'], { method: 'XMIN' }));
    const result = await tap(['-c', config, '--catalog', catalog]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^ERROR stream public-plain_view .*is a view: XMIN replication needs a table/m);
    expect(failure(result)).toMatch(/^CRITICAL 1 of 1 streams failed: public-plain_view/);
    expect(parseOutput(result.stdout).map((m) => m.type)).toEqual(['STATE']);
  });
});

describe('views', () => {
  it('copies views and materialized views FULL_TABLE with their view-key-properties', async () => {
    const config = configFile(db);
    const catalog = selectStreams(
      await discoverCatalog(config),
      choose(['public-plain_view', 'public-counter_view'], {
        method: 'FULL_TABLE',
        metadata: { 'view-key-properties': ['id'] },
      }),
    );
    const messages = await run(config, catalogFile(catalog));
    const schemas = messages.filter((m) => m.type === 'SCHEMA');
    expect(schemas.map((m) => [m.stream, m.key_properties])).toEqual([
      ['public-counter_view', ['id']],
      ['public-plain_view', ['id']],
    ]);
    expect(
      messages.filter((m) => m.type === 'RECORD' && m.stream === 'public-plain_view').length,
    ).toBeGreaterThanOrEqual(20);
    expect(messages.filter((m) => m.type === 'ACTIVATE_VERSION')).toHaveLength(4);
  });
});

describe('identifiers', () => {
  it('quotes schema, table and column names whatever they hold', async () => {
    const config = configFile(db, { itersize: 1 });
    const id = 'My "Schema"-Wéird "Table"';
    const messages = await run(config, await selectedCatalog(config, choose([id], { method: 'FULL_TABLE' })));
    expect(messages.filter((m) => m.type === 'RECORD').map((m) => m.record)).toEqual([
      { Id: 1, 'a"b': 2, select: 'x' },
      { Id: 2, 'a"b': 3, select: 'y' },
    ]);
    expect(messages.find((m) => m.type === 'SCHEMA')?.stream).toBe(id);
  });
});

describe('state', () => {
  it('starts with currently_syncing and keeps bookmarks of streams not selected', async () => {
    const config = configFile(db);
    const catalog = await selectedCatalog(
      config,
      choose(['public-counters', 'public-items'], { method: 'FULL_TABLE' }),
    );
    const state = { currently_syncing: 'public-items', bookmarks: { 'public-other': { replication_key_value: 9 } } };
    const messages = await run(config, catalog, state);
    const streams = messages.filter((m) => m.type === 'SCHEMA').map((m) => m.stream);
    expect(streams).toEqual(['public-items', 'public-counters']);
    const final = lastState(messages) as { currently_syncing: unknown; bookmarks: Record<string, unknown> };
    expect(final.currently_syncing).toBeNull();
    expect(final.bookmarks['public-other']).toEqual({ replication_key_value: 9 });
    // A STATE never precedes the RECORDs it covers: the first RECORD of a stream comes after its SCHEMA.
    expect(messages[messages.length - 1].type).toBe('STATE');
  });
});
