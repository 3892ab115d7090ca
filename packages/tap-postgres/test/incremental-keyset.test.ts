import { runBinWatched, settleTransactions, testDatabase, writeJsonTemp } from '@pgsinger/testkit';
import { configFile, lastState, parseOutput, selectedCatalog, tap, type OutputMessage } from './helpers';

const db = testDatabase({ prefix: 'tap_keyset' });

type Bookmarks = Record<string, Record<string, unknown>>;
interface RunResult {
  readonly messages: OutputMessage[];
  readonly stderr: string;
  readonly state: { bookmarks: Bookmarks };
}

/** Other test files share the server: their old transactions would make runs re-read ties (see settleTransactions). */
const settle = (): Promise<void> => settleTransactions(db);

function catalogFor(config: string, stream: string, key: string): Promise<string> {
  return selectedCatalog(config, { [stream]: { method: 'INCREMENTAL', replicationKey: key } });
}

async function run(config: string, catalog: string, state?: unknown): Promise<RunResult> {
  await settle();
  const args = ['-c', config, '--catalog', catalog];
  if (state !== undefined) args.push('--state', writeJsonTemp(state, 'state'));
  const result = await tap(args);
  if (result.code !== 0) throw new Error(`tap failed (${result.code}): ${result.stderr}`);
  const messages = parseOutput(result.stdout);
  return { messages, stderr: result.stderr, state: lastState(messages) as { bookmarks: Bookmarks } };
}

const ids = (result: RunResult): string[] =>
  result.messages.filter((m) => m.type === 'RECORD').map((m) => String(m.record?.id));

/** Runs until a run sends nothing (at most `maxRuns`); returns the ids each run sent and the state after the last. */
async function drain(
  config: string,
  catalog: string,
  state: unknown,
  maxRuns: number,
): Promise<{ perRun: string[][]; state: unknown }> {
  const perRun: string[][] = [];
  let current = state;
  for (let i = 0; i < maxRuns; i += 1) {
    const result = await run(config, catalog, current);
    perRun.push(ids(result));
    current = result.state;
    if (perRun[perRun.length - 1].length === 0) return { perRun, state: current };
  }
  throw new Error(`still sending rows after ${maxRuns} runs: ${JSON.stringify(perRun.map((r) => r.length))}`);
}

const sorted = (values: readonly string[]): string[] => [...values].sort();

describe('INCREMENTAL keyset on (replication key, primary key)', () => {
  beforeAll(async () => {
    await db.query(`
      CREATE TABLE events (id bigint PRIMARY KEY, updated_at timestamptz NOT NULL, note text);
      INSERT INTO events SELECT g, '2024-01-01'::timestamptz + (g / 10) * interval '1 second' + interval '0.123456 s', 'n'
        FROM generate_series(1, 100) g;`);
  });

  it('sends exactly the new rows on a rerun, also rows tied with the bookmark on either side of its key', async () => {
    const config = configFile(db, { itersize: 7 });
    const catalog = await catalogFor(config, 'public-events', 'updated_at');
    const first = await run(config, catalog);
    expect(sorted(ids(first))).toEqual(sorted(Array.from({ length: 100 }, (_, i) => String(i + 1))));
    const bookmark = first.state.bookmarks['public-events'];
    expect(bookmark).toMatchObject({
      replication_key: 'updated_at',
      replication_key_value: '2024-01-01T00:00:10.123456+00:00',
      replication_key_pk: { id: '100' },
      replication_key_xmin: expect.any(Number),
    });
    // Checkpoints carry the tuple of the last row sent.
    const checkpoints = first.messages
      .filter((m) => m.type === 'STATE')
      .map((m) => m.value?.bookmarks['public-events']);
    expect(checkpoints.some((b) => b?.replication_key_pk !== undefined && b.replication_key_value !== undefined)).toBe(
      true,
    );

    expect(ids(await run(config, catalog, first.state))).toEqual([]);
    // 10 new rows: 4 later, 3 at the bookmark's value with higher ids, 3 at it with lower ids (committed late).
    await db.query(`
      INSERT INTO events VALUES (101, '2024-01-02', 'later'), (102, '2024-01-03', 'later'), (103, '2024-01-03', 'later'),
        (104, '2024-01-04', 'later');
      INSERT INTO events VALUES (105, '2024-01-01T00:00:10.123456Z', 'tie'), (106, '2024-01-01T00:00:10.123456Z', 'tie'),
        (107, '2024-01-01T00:00:10.123456Z', 'tie');
      INSERT INTO events VALUES (-1, '2024-01-01T00:00:10.123456Z', 'tie, lower key'),
        (-2, '2024-01-01T00:00:10.123456Z', 'tie, lower key'), (-3, '2024-01-01T00:00:10.123456Z', 'tie, lower key');`);
    const second = await run(config, catalog, first.state);
    expect(ids(second)).toEqual(['-3', '-2', '-1', '105', '106', '107', '101', '102', '103', '104']);
    expect(second.state.bookmarks['public-events']).toMatchObject({
      replication_key_value: '2024-01-04T00:00:00+00:00',
      replication_key_pk: { id: '104' },
    });
    expect(ids(await run(config, catalog, second.state))).toEqual([]);
  });

  it('reads a tie larger than limit through across runs, every row once', async () => {
    await db.query(`CREATE TABLE bulk (id int PRIMARY KEY, updated_at timestamptz NOT NULL);
      INSERT INTO bulk SELECT g, '2024-01-01'::timestamptz + g * interval '1 s' FROM generate_series(1, 5000) g;`);
    const config = configFile(db, { limit: 700 });
    const catalog = await catalogFor(config, 'public-bulk', 'updated_at');
    const initial = await drain(config, catalog, undefined, 10);
    expect(initial.perRun.map((r) => r.length)).toEqual([700, 700, 700, 700, 700, 700, 700, 100, 0]);
    expect(new Set(initial.perRun.flat()).size).toBe(5000);

    await db.query(`UPDATE bulk SET updated_at = '2025-06-01T12:00:00.5Z'`);
    const afterBulk = (await drain(config, catalog, initial.state, 12)).perRun;
    const sent = afterBulk.flat();
    expect(sent).toHaveLength(5000);
    expect(new Set(sent).size).toBe(5000);
    expect(afterBulk.filter((r) => r.length > 0)).toHaveLength(Math.ceil(5000 / 700));
    expect(afterBulk.slice(0, 7).every((r) => r.length === 700)).toBe(true);
  });

  it('resumes a killed run exactly after the tuple of its last checkpoint', async () => {
    await db.query(`CREATE TABLE tied (id int PRIMARY KEY, updated_at date NOT NULL);
      INSERT INTO tied SELECT g, '2024-05-01' FROM generate_series(1, 3000) g;
      INSERT INTO tied SELECT g, '2024-05-02' FROM generate_series(3001, 4000) g;`);
    const config = configFile(db, { itersize: 250 });
    const catalog = await catalogFor(config, 'public-tied', 'updated_at');
    await settle();
    let states = 0;
    let killed = false;
    const killedRun = await runBinWatched('tap-postgres', ['-c', config, '--catalog', catalog], (chunk, child) => {
      if (killed) return;
      states += chunk.split('"replication_key_pk"').length - 1;
      if (states >= 4) {
        killed = true;
        child.stdout?.pause();
        child.kill('SIGKILL');
      }
    });
    expect(killedRun.signal).toBe('SIGKILL');
    const output = parseOutput(killedRun.stdout.slice(0, killedRun.stdout.lastIndexOf('\n') + 1));
    const checkpoint = lastState(output) as { bookmarks: Bookmarks };
    const point = checkpoint.bookmarks['public-tied'];
    expect(point.replication_key_value).toBe('2024-05-01T00:00:00+00:00');
    const after = Number((point.replication_key_pk as { id: string }).id);
    expect(after % 250).toBe(0);
    const resumed = await run(config, catalog, checkpoint);
    const resumedIds = ids(resumed).map(Number);
    expect(resumedIds[0]).toBe(after + 1);
    expect(resumedIds).toEqual(Array.from({ length: 4000 - after }, (_, i) => after + 1 + i));
  });

  it('continues from a pipelinewise bookmark with >= once, then from the tuple', async () => {
    const config = configFile(db);
    const catalog = await catalogFor(config, 'public-events', 'updated_at');
    const pipelinewise = {
      currently_syncing: null,
      bookmarks: {
        'public-events': {
          last_replication_method: 'INCREMENTAL',
          replication_key: 'updated_at',
          replication_key_value: '2024-01-03T00:00:00+00:00',
          version: 1700000000000,
        },
      },
    };
    const first = await run(config, catalog, pipelinewise);
    expect(ids(first)).toEqual(['102', '103', '104']);
    expect(first.messages.find((m) => m.type === 'RECORD')?.version).toBe(1700000000000);
    expect(first.state.bookmarks['public-events']).toMatchObject({
      replication_key_value: '2024-01-04T00:00:00+00:00',
      replication_key_pk: { id: '104' },
      version: 1700000000000,
    });
    expect(ids(await run(config, catalog, first.state))).toEqual([]);
  });

  it('keeps >= for a table without a primary key: the boundary rows come again', async () => {
    await db.query(`CREATE TABLE keyless (id int, updated_at timestamptz);
      INSERT INTO keyless VALUES (1, '2024-01-01'), (2, '2024-01-02'), (3, '2024-01-02');`);
    const config = configFile(db);
    const catalog = await catalogFor(config, 'public-keyless', 'updated_at');
    const first = await run(config, catalog);
    expect(ids(first)).toHaveLength(3);
    expect(Object.keys(first.state.bookmarks['public-keyless'])).not.toContain('replication_key_pk');
    expect(sorted(ids(await run(config, catalog, first.state)))).toEqual(['2', '3']);
  });

  it('reports rows whose replication key is NULL and never sends them', async () => {
    await db.query(`CREATE TABLE nullable (id int PRIMARY KEY, updated_at timestamptz);
      INSERT INTO nullable VALUES (1, '2024-01-01'), (2, NULL), (3, NULL), (4, '2024-01-02'), (5, NULL);`);
    const config = configFile(db);
    const catalog = await catalogFor(config, 'public-nullable', 'updated_at');
    const first = await run(config, catalog);
    expect(ids(first)).toEqual(['1', '4']);
    expect(first.stderr).toMatch(
      /public-nullable: 3 rows have a NULL replication key "updated_at"; INCREMENTAL does not/,
    );
    const second = await run(config, catalog, first.state);
    expect(ids(second)).toEqual([]);
    expect(second.stderr).toMatch(/3 rows have a NULL replication key/);
    await db.query(`UPDATE nullable SET updated_at = '2024-02-01' WHERE id = 2`);
    const third = await run(config, catalog, second.state);
    expect(ids(third)).toEqual(['2']);
    expect(third.stderr).toMatch(/public-nullable: 2 rows have a NULL replication key/);
  });
});

/** Key types and spellings real tables use: each case's table has key columns `k…` and the replication key `updated`. */
const KEY_CASES: readonly { name: string; keys: string[]; create: string; rows: string; more: string }[] = [
  {
    name: 'numeric(12,2) replication key with trailing zeros, uuid primary key',
    keys: ['k'],
    create: 'k uuid PRIMARY KEY, updated numeric(12,2) NOT NULL',
    rows: `SELECT md5(g::text)::uuid, (ARRAY[1.50, -0.01, 10.00, 1.5])[1 + g % 4] FROM generate_series(1, 40) g`,
    more: `VALUES ('00000000-0000-0000-0000-000000000001', 10.00), ('ffffffff-0000-0000-0000-000000000001', 10.0),
      ('00000000-0000-0000-0000-000000000002', 99999999.99)`,
  },
  {
    name: 'text replication key with quotes, backslashes and unicode, composite (int, text) primary key',
    keys: ['k1', 'k2'],
    create: 'k1 int, k2 text, updated text NOT NULL, PRIMARY KEY (k1, k2)',
    rows: `SELECT g % 5, 'k''' || g, (ARRAY['a''b', 'a\\b', 'bé"ü', 'b'])[1 + g % 4] FROM generate_series(1, 40) g`,
    more: `VALUES (0, '', 'bé"ü'), (9, 'x''y', 'bé"ü'), (-1, 'x', 'zz"'), (0, 'zz', 'zé')`,
  },
  {
    name: 'bigint replication key beyond 2^53, text primary key with quotes',
    keys: ['k'],
    create: 'k text PRIMARY KEY, updated bigint NOT NULL',
    rows: `SELECT 'row "' || g || '"', 9007199254740993 + g % 3 FROM generate_series(1, 40) g`,
    more: `VALUES ('', 9007199254740995), ('row "99"', 9007199254740995), ('zz', 9223372036854775807)`,
  },
  {
    name: 'timestamp without time zone replication key with microseconds, bigint primary key',
    keys: ['k'],
    create: 'k bigint PRIMARY KEY, updated timestamp NOT NULL',
    rows: `SELECT g, '2024-02-29 23:59:59.999999'::timestamp + (g % 3) * interval '1 microsecond'
      FROM generate_series(1, 40) g`,
    more: `VALUES (-5, '2024-03-01 00:00:00.000001'), (100, '2024-03-01 00:00:00.000001'), (0, '2030-01-01')`,
  },
];

describe('INCREMENTAL keyset across key types', () => {
  it.each(KEY_CASES.map((c, i) => [c.name, i] as const))('%s: every row once, then only new ones', async (_, i) => {
    const { keys, create, rows, more } = KEY_CASES[i];
    const table = `kind${i}`;
    await db.query(`CREATE TABLE ${table} (${create}); INSERT INTO ${table} ${rows}`);
    const config = configFile(db, { limit: 3, itersize: 2 });
    const catalog = await catalogFor(config, `public-${table}`, 'updated');
    // Keys compared as JSON of the values: the record's and the source's (to_jsonb) spell them the same way.
    const keyOf = (m: OutputMessage): string => JSON.stringify(keys.map((k) => m.record?.[k]));
    const sourceKeys = async (): Promise<string[]> => {
      const list = keys.map((k) => `to_jsonb(${k})`).join(', ');
      const result = await db.query<{ key: string }>(`SELECT jsonb_build_array(${list})::text AS key FROM ${table}`);
      return result.rows.map((row) => JSON.stringify(JSON.parse(row.key)));
    };
    const sentKeys = async (state: unknown): Promise<{ keys: string[]; state: unknown }> => {
      const sent: string[] = [];
      let current = state;
      for (let n = 0; n < 40; n += 1) {
        const result = await run(config, catalog, current);
        const records = result.messages.filter((m) => m.type === 'RECORD');
        sent.push(...records.map(keyOf));
        current = result.state;
        if (records.length === 0) return { keys: sent, state: current };
      }
      throw new Error('still sending rows after 40 runs');
    };
    const first = await sentKeys(undefined);
    expect(new Set(first.keys).size).toBe(first.keys.length);
    expect(sorted(first.keys)).toEqual(sorted(await sourceKeys()));
    const before = new Set(await sourceKeys());
    await db.query(`INSERT INTO ${table} ${more}`);
    const added = (await sourceKeys()).filter((key) => !before.has(key));
    expect(added.length).toBeGreaterThanOrEqual(3);
    const second = await sentKeys(first.state);
    expect(sorted(second.keys)).toEqual(sorted(added));
  });

  it("re-reads rows at the bookmark's value that changed or arrived below its primary key (a date key)", async () => {
    await db.query(`CREATE TABLE daily (id uuid PRIMARY KEY, day date NOT NULL, note text);
      INSERT INTO daily SELECT md5(g::text)::uuid, '2024-07-01'::date + g % 2, 'v1' FROM generate_series(1, 50) g;`);
    const config = configFile(db);
    const catalog = await catalogFor(config, 'public-daily', 'day');
    const first = await run(config, catalog);
    expect(ids(first)).toHaveLength(50);
    const bookmark = first.state.bookmarks['public-daily'];
    expect(bookmark.replication_key_value).toBe('2024-07-02T00:00:00+00:00');
    const tieBreaker = (bookmark.replication_key_pk as { id: string }).id;
    const lower = await db.query<{ id: string }>(
      `SELECT id::text FROM daily WHERE day = '2024-07-02' AND id < $1::uuid ORDER BY id LIMIT 1`,
      [tieBreaker],
    );
    await db.query(`UPDATE daily SET note = 'v2' WHERE id = $1::uuid`, [lower.rows[0].id]);
    await db.query(`INSERT INTO daily VALUES ('00000000-0000-0000-0000-000000000000', '2024-07-02', 'late')`);
    await db.query(`UPDATE daily SET note = 'v2' WHERE day = '2024-07-01'`); // an older value: not re-read (documented)
    const second = await run(config, catalog, first.state);
    expect(sorted(ids(second))).toEqual(sorted(['00000000-0000-0000-0000-000000000000', lower.rows[0].id]));
    expect(ids(await run(config, catalog, second.state))).toEqual([]);
  });
});
