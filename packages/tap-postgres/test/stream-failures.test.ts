import {
  discoverCatalog,
  failure,
  selectStreams,
  testDatabase,
  writeJsonTemp,
  type StreamChoice,
} from '@pgsinger/testkit';
import { catalogFile, configFile, lastState, parseOutput, tap, type OutputMessage } from './helpers';

// One failing stream never stops the others: it ends with one ERROR line naming it (with PostgreSQL's DETAIL and
// HINT), the other streams are synced, the final STATE covers them with currently_syncing cleared, and the run exits
// 3 after one CRITICAL summary. A lost connection, or stop_on_stream_error, still ends the run at once (exit 1).
const ROLE = `failures_${process.pid}`;

afterAll(async () => {
  await db.query(`DROP OWNED BY ${ROLE}`);
  await db.server.adminQuery(`DROP ROLE IF EXISTS ${ROLE}`);
});

const db = testDatabase({ prefix: 'tap_stream_failures' });

beforeAll(async () => {
  await db.query(`CREATE TABLE a (id int PRIMARY KEY, v text, at date);
    INSERT INTO a VALUES (1, 'one', '2024-01-01'), (2, 'two', '2024-01-02');
    CREATE TABLE doomed (id int PRIMARY KEY, at date); INSERT INTO doomed VALUES (1, '2024-01-01');
    CREATE TABLE guarded (id int PRIMARY KEY, at date); INSERT INTO guarded VALUES (1, '2024-01-01');
    CREATE TABLE z (id int PRIMARY KEY, at date); INSERT INTO z VALUES (9, '2024-01-09');
    CREATE VIEW divides AS SELECT id, at, 1 / (id - id) AS boom FROM a;
    CREATE FUNCTION refuse(id int) RETURNS int LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'row % is refused', id USING DETAIL = 'the ledger is closed', HINT = 'reopen the ledger';
      END $$;
    CREATE VIEW refuses AS SELECT id, at, refuse(id) AS r FROM a;
    CREATE MATERIALIZED VIEW summary AS SELECT count(*) AS n, max(at) AS at FROM a WITH NO DATA;
    CREATE ROLE ${ROLE} LOGIN PASSWORD 'pw';
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${ROLE};`);
});

/** A catalog with these streams (and no others) selected by `method`. */
async function selected(
  ids: readonly string[],
  method: StreamChoice['method'],
  replicationKey?: string,
): Promise<string> {
  const choice: StreamChoice = replicationKey === undefined ? { method } : { method, replicationKey };
  return catalogFile(
    selectStreams(await discoverCatalog(configFile(db)), Object.fromEntries(ids.map((id) => [id, choice]))),
  );
}

const records = (messages: readonly OutputMessage[], stream: string): unknown[] =>
  messages.filter((m) => m.type === 'RECORD' && m.stream === stream).map((m) => m.record?.id);
const errorLines = (stderr: string): string[] => stderr.split('\n').filter((line) => line.startsWith('ERROR'));

describe('one failing stream never blocks the rest', () => {
  it('a table dropped between discovery and sync, a view failing its query: the others are synced, exit 3', async () => {
    const catalog = await selected(
      ['public-a', 'public-divides', 'public-doomed', 'public-refuses', 'public-z'],
      'FULL_TABLE',
    );
    await db.query('DROP TABLE doomed');
    // A state from a run that died in the failing stream: it is tried first, and does not block anything.
    const state = writeJsonTemp({ currently_syncing: 'public-divides', bookmarks: {} }, 'state');
    const result = await tap(['-c', configFile(db), '--catalog', catalog, '--state', state]);
    expect(result.code).toBe(3);
    const messages = parseOutput(result.stdout);
    expect(records(messages, 'public-a')).toEqual([1, 2]);
    expect(records(messages, 'public-z')).toEqual([9]);
    const errors = errorLines(result.stderr);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(
      /stream public-doomed .*table "public"."doomed" does not exist.* — run the tap with --discover/,
    );
    expect(errors[1]).toMatch(
      /stream public-divides .*PostgreSQL error 22012: division by zero — a value could not be computed.*fix the data or the view/,
    );
    // PostgreSQL's own DETAIL and HINT, never "see the server log".
    expect(errors[2]).toMatch(
      /stream public-refuses .*PostgreSQL error P0001: row 1 is refused \(DETAIL: the ledger is closed\) — reopen the ledger/,
    );
    expect(result.stderr).not.toMatch(/server log/);
    expect(failure(result)).toMatch(
      /CRITICAL 3 of 5 streams failed: public-doomed, public-divides, public-refuses; the other streams were synced — /,
    );
    const final = lastState(messages) as {
      currently_syncing: unknown;
      bookmarks: Record<string, { version?: number }>;
    };
    expect(messages[messages.length - 1].type).toBe('STATE');
    expect(final.currently_syncing).toBeNull();
    expect(typeof final.bookmarks['public-a'].version).toBe('number');
    expect(typeof final.bookmarks['public-z'].version).toBe('number');
    expect(final.bookmarks['public-doomed']).toBeUndefined();
    expect(final.bookmarks['public-divides']?.version).toBeUndefined();
    await db.query("CREATE TABLE doomed (id int PRIMARY KEY, at date); INSERT INTO doomed VALUES (1, '2024-01-01')");
  });

  it.each(['INCREMENTAL', 'XMIN'])(
    '%s: a permission revoked after discovery fails only that stream',
    async (method) => {
      const key = method === 'INCREMENTAL' ? 'at' : undefined;
      const ids =
        method === 'XMIN'
          ? ['public-a', 'public-guarded', 'public-z']
          : ['public-a', 'public-guarded', 'public-refuses', 'public-z'];
      const catalog = await selected(ids, method as StreamChoice['method'], key);
      await db.query(`REVOKE SELECT ON guarded FROM ${ROLE}`);
      try {
        const result = await tap(['-c', configFile(db, { user: ROLE, password: 'pw' }), '--catalog', catalog]);
        expect(result.code).toBe(3);
        const messages = parseOutput(result.stdout);
        expect(records(messages, 'public-a')).toEqual([1, 2]);
        expect(records(messages, 'public-z')).toEqual([9]);
        expect(records(messages, 'public-guarded')).toEqual([]);
        const errors = errorLines(result.stderr);
        expect(errors[0]).toMatch(
          new RegExp(
            `stream public-guarded .*role "${ROLE}" may not SELECT from "public"."guarded".* — GRANT SELECT ON "public"."guarded" TO "${ROLE}"`,
          ),
        );
        if (method === 'INCREMENTAL')
          expect(errors[1]).toMatch(/stream public-refuses .*\(DETAIL: the ledger is closed\) — reopen the ledger/);
        expect(errors).toHaveLength(method === 'INCREMENTAL' ? 2 : 1);
        const final = lastState(messages) as {
          currently_syncing: unknown;
          bookmarks: Record<string, Record<string, unknown>>;
        };
        expect(final.currently_syncing).toBeNull();
        expect(Object.keys(final.bookmarks).sort()).toEqual(
          method === 'INCREMENTAL' ? ['public-a', 'public-refuses', 'public-z'] : ['public-a', 'public-z'],
        );
        expect(final.bookmarks['public-z'][method === 'INCREMENTAL' ? 'replication_key_value' : 'xmin']).toBeDefined();
      } finally {
        await db.query(`GRANT SELECT ON guarded TO ${ROLE}`);
      }
    },
  );

  it('stop_on_stream_error: the first stream error ends the run (exit 1, one CRITICAL line), as pipelinewise does', async () => {
    const catalog = await selected(['public-a', 'public-divides', 'public-z'], 'FULL_TABLE');
    const result = await tap(['-c', configFile(db, { stop_on_stream_error: true }), '--catalog', catalog]);
    expect(result.code).toBe(1);
    expect(failure(result)).toMatch(/CRITICAL PostgreSQL error 22012: division by zero — /);
    expect(errorLines(result.stderr)).toEqual([]);
    const messages = parseOutput(result.stdout);
    expect(records(messages, 'public-a')).toEqual([1, 2]);
    expect(records(messages, 'public-z')).toEqual([]);
    // pipelinewise's state: currently_syncing names the stream that failed.
    expect((lastState(messages) as { currently_syncing: unknown }).currently_syncing).toBe('public-divides');
  });

  it('a catalog mistake in one stream (no replication-key, a view under XMIN) fails only that stream', async () => {
    // public-a: INCREMENTAL without a replication-key; public-divides: a view under XMIN.
    const catalog = selectStreams(await discoverCatalog(configFile(db)), {
      'public-a': { method: 'INCREMENTAL' },
      'public-divides': { method: 'XMIN' },
      'public-z': { method: 'FULL_TABLE' },
    });
    const result = await tap(['-c', configFile(db), '--catalog', catalogFile(catalog)]);
    expect(result.code).toBe(3);
    expect(records(parseOutput(result.stdout), 'public-z')).toEqual([9]);
    const errors = errorLines(result.stderr);
    expect(errors[0]).toMatch(
      /stream public-a uses INCREMENTAL but has no replication-key — set metadata "replication-key"/,
    );
    expect(errors[1]).toMatch(/stream public-divides is a view: XMIN replication needs a table/);
  });
});

describe('an unpopulated materialized view (created WITH NO DATA)', () => {
  it('discovery marks it: is-view, is-populated false, row-count 0', async () => {
    const catalog = await discoverCatalog(configFile(db));
    const summary = catalog.streams.find((stream) => stream.tap_stream_id === 'public-summary');
    const root = summary?.metadata.find((item) => item.breadcrumb.length === 0)?.metadata;
    expect(root).toMatchObject({ 'is-view': true, 'is-populated': false, 'row-count': 0 });
  });

  it.each([
    ['FULL_TABLE', undefined],
    ['INCREMENTAL', 'at'],
    ['XMIN', undefined],
  ] as const)(
    '%s: skipped with a WARNING, nothing sent for it (no ACTIVATE_VERSION), the others synced, exit 0',
    async (method, key) => {
      const catalog = await selected(['public-summary', 'public-z'], method, key);
      const result = await tap(['-c', configFile(db), '--catalog', catalog]);
      expect(result.code).toBe(0);
      const warnings = result.stderr.split('\n').filter((line) => line.startsWith('WARNING'));
      expect(warnings).toEqual([
        expect.stringMatching(
          /stream public-summary skipped: materialized view "public"."summary" has not been populated .* — REFRESH MATERIALIZED VIEW "public"."summary" to sync it/,
        ),
      ]);
      const messages = parseOutput(result.stdout);
      expect(messages.filter((m) => m.stream === 'public-summary')).toEqual([]);
      expect(records(messages, 'public-z')).toEqual([9]);
      const final = lastState(messages) as { currently_syncing: unknown; bookmarks: Record<string, unknown> };
      expect(final.currently_syncing).toBeNull();
      expect(final.bookmarks['public-summary']).toBeUndefined();
    },
  );

  it('once refreshed, it is synced', async () => {
    const catalog = await selected(['public-summary'], 'FULL_TABLE');
    await db.query('REFRESH MATERIALIZED VIEW summary');
    try {
      const result = await tap(['-c', configFile(db), '--catalog', catalog]);
      expect(result.code).toBe(0);
      expect(
        parseOutput(result.stdout)
          .filter((m) => m.type === 'RECORD')
          .map((m) => m.record),
      ).toEqual([{ n: 2, at: '2024-01-02' }]);
    } finally {
      await db.query('REFRESH MATERIALIZED VIEW summary WITH NO DATA');
    }
  });
});
