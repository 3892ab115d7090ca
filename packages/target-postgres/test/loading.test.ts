import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { binPath, collect, writeJsonTemp } from '@pgsinger/testkit';
import { rec, schemaMsg, singer, state, states, targetHarness } from './harness';

const h = targetHarness('tgt_load');

beforeEach(h.reset);

const columns = async (table: string): Promise<Record<string, string>> => {
  const res = await h.db.query<{ attname: string; t: string }>(
    `SELECT attname, format_type(atttypid, atttypmod) AS t FROM pg_attribute
      WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [`tgt."${table}"`],
  );
  return Object.fromEntries(res.rows.map((r) => [r.attname, r.t]));
};

describe('input', () => {
  it('stdin-file: reads a Singer file redirected to stdin (256 KiB reads), lines split across reads intact', async () => {
    const props = { id: { type: 'integer' }, t: { type: 'string' } };
    const lines = [schemaMsg('public-file', props)];
    for (let id = 1; id <= 6000; id++) lines.push(rec('public-file', { id, t: `row ${id} ${'é'.repeat(id % 300)}` }));
    lines.push(state({ done: true }));
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'pgsinger-stdin-')), 'input.singer');
    writeFileSync(file, singer(lines));
    const fd = openSync(file, 'r');
    const config = writeJsonTemp(h.config(), 'target');
    const child = spawn(process.execPath, [binPath('target-postgres'), '--config', config], {
      stdio: [fd, 'pipe', 'pipe'],
    });
    closeSync(fd);
    const result = await collect(child);
    expect(result.stderr).not.toMatch(/CRITICAL/);
    expect(result.code).toBe(0);
    expect(states(result)).toEqual([{ done: true }]);
    const { rows } = await h.db.query<{ n: string; bad: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE t <> 'row ' || id || ' ' || repeat('é', (id % 300)::int)) AS bad FROM tgt.file`,
    );
    expect(rows[0]).toEqual({ n: '6000', bad: '0' });
  });
});

describe('merge', () => {
  it('a record missing a property leaves the column unchanged on update and NULL on insert', async () => {
    const s = schemaMsg('m', {
      id: { type: 'integer' },
      a: { type: ['null', 'string'] },
      b: { type: ['null', 'string'] },
    });
    expect((await h.run([s, rec('m', { id: 1, a: 'a1', b: 'b1' }), rec('m', { id: 2, a: 'a2', b: 'b2' })])).code).toBe(
      0,
    );
    const second = await h.run([
      s,
      rec('m', { id: 1, a: 'A1' }),
      rec('m', { id: 2, b: null }),
      rec('m', { id: 3, b: 'b3' }),
    ]);
    expect(second.code).toBe(0);
    expect(await h.rows('m')).toEqual([
      { id: '1', a: 'A1', b: 'b1' },
      { id: '2', a: 'a2', b: null },
      { id: '3', a: null, b: 'b3' },
    ]);
  });

  it('a rerun of the same records writes nothing (unchanged rows are skipped)', async () => {
    const s = schemaMsg('same', {
      id: { type: 'integer' },
      v: { type: ['null', 'string'] },
      j: { type: ['null', 'object'] },
    });
    const input = [s, rec('same', { id: 1, v: 'a', j: { k: [1, 'x'] } }), rec('same', { id: 2, v: null, j: null })];
    expect((await h.run(input)).code).toBe(0);
    const before = (await h.db.query('SELECT id, xmin::text AS x FROM tgt.same ORDER BY id')).rows;
    expect((await h.run([...input, rec('same', { id: 3, v: 'new' })])).code).toBe(0);
    const after = (await h.db.query('SELECT id, xmin::text AS x FROM tgt.same ORDER BY id')).rows;
    expect(after.slice(0, 2)).toEqual(before);
    expect(after).toHaveLength(3);
  });

  it('merges into an existing table without a primary key (fallback path)', async () => {
    await h.db.query(
      'CREATE SCHEMA tgt; CREATE TABLE tgt.nopk (id bigint, v text); INSERT INTO tgt.nopk VALUES (1, $$old$$)',
    );
    const s = schemaMsg('nopk', { id: { type: 'integer' }, v: { type: ['null', 'string'] } });
    expect((await h.run([s, rec('nopk', { id: 1, v: 'new' }), rec('nopk', { id: 2, v: 'two' })])).code).toBe(0);
    expect(await h.rows('nopk')).toEqual([
      { id: '1', v: 'new' },
      { id: '2', v: 'two' },
    ]);
  });

  it('refuses a stream without keys unless primary_key_required is false, then appends', async () => {
    const s = schemaMsg('ev', { e: { type: 'string' } }, []);
    const refused = await h.run([s, rec('ev', { e: 'x' })]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/stream ev: no key_properties and primary_key_required is true/);
    const ok = await h.run([s, rec('ev', { e: 'x' }), rec('ev', { e: 'x' })], { primary_key_required: false });
    expect(ok.code).toBe(0);
    expect(await h.rows('ev')).toEqual([{ e: 'x' }, { e: 'x' }]);
  });
});

describe('names', () => {
  it('shortens 63+-byte table and column names with a hash suffix and loads them', async () => {
    const longCol = `Col_${'x'.repeat(80)}`;
    const longStream = `public-${'T'.repeat(70)}`;
    const result = await h.run([
      schemaMsg(longStream, {
        id: { type: 'integer' },
        [longCol]: { type: 'string' },
        'with space "q"': { type: 'string' },
      }),
      rec(longStream, { id: 1, [longCol]: 'v', 'with space "q"': 'w' }),
    ]);
    expect(result.code).toBe(0);
    const tables = await h.db.query(
      `SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = relnamespace WHERE nspname = 'tgt' AND relkind = 'r'`,
    );
    const table = (tables.rows[0] as { relname: string }).relname;
    expect(table).toMatch(/^t{54}_[0-9a-f]{8}$/);
    const row = (await h.rows(table))[0]!;
    expect(Object.keys(row)).toEqual(['id', expect.stringMatching(/^col_x{50}_[0-9a-f]{8}$/), 'with space "q"']);
    expect(Object.values(row)).toEqual(['1', 'v', 'w']);
  });

  it('reports properties that collide after lower-casing', async () => {
    const result = await h.run([
      schemaMsg('c', { id: { type: 'integer' }, Name: { type: 'string' }, name: { type: 'string' } }),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/"Name" and "name" both map to column "name"/);
  });
});

describe('flattening', () => {
  const props = {
    id: { type: 'integer' },
    a: {
      type: ['null', 'object'],
      properties: {
        b: {
          type: ['null', 'object'],
          properties: { c: { type: ['null', 'object'], properties: { d: { type: 'string' } } } },
        },
      },
    },
  };
  const record = { id: 1, a: { b: { c: { d: 'deep' } } } };
  it.each([
    [0, { id: '1', a: { b: { c: { d: 'deep' } } } }],
    [1, { id: '1', a__b: { c: { d: 'deep' } } }],
    [2, { id: '1', a__b__c: { d: 'deep' } }],
    [3, { id: '1', a__b__c__d: 'deep' }],
  ])('data_flattening_max_level %d', async (level, expected) => {
    const result = await h.run([schemaMsg('f', props), rec('f', record)], { data_flattening_max_level: level });
    expect(result.code).toBe(0);
    expect(await h.rows('f')).toEqual([expected]);
  });
});

describe('schema evolution', () => {
  it('adds columns, widens in place, versions incompatible columns, keeps vanished ones', async () => {
    const v1 = schemaMsg('evo', {
      id: { type: 'integer' },
      n: { type: 'integer', 'x-sql-datatype': 'integer' },
      s: { type: 'string', 'x-sql-datatype': 'character varying(5)' },
      flag: { type: 'boolean' },
      gone: { type: 'string' },
    });
    expect((await h.run([v1, rec('evo', { id: 1, n: 1, s: 'abc', flag: true, gone: 'g' })])).code).toBe(0);
    const v2 = schemaMsg('evo', {
      id: { type: 'integer' },
      n: { type: 'integer', 'x-sql-datatype': 'bigint' },
      s: { type: 'string', 'x-sql-datatype': 'text' },
      flag: { type: 'string', format: 'date' },
      added: { type: 'string' },
    });
    const raw =
      '{"type":"RECORD","stream":"evo","record":{"id":2,"n":9007199254740993,"s":"longer text","flag":"2024-01-01","added":"x"}}';
    const result = await h.run([v2, raw]);
    expect(result.code).toBe(0);
    const cols = await columns('evo');
    const versioned = Object.keys(cols).find((c) => /^flag_\d{8}_\d{4}$/.test(c));
    expect(versioned).toBeDefined();
    expect(cols).toMatchObject({
      n: 'bigint',
      s: 'text',
      flag: 'date',
      gone: 'text',
      added: 'text',
      [versioned!]: 'boolean',
    });
    const rows = (
      await h.db.query(
        `SELECT id, n::text, s, flag::text, "${versioned!}" AS old, gone, added FROM tgt.evo ORDER BY id`,
      )
    ).rows;
    expect(rows).toEqual([
      { id: '1', n: '1', s: 'abc', flag: null, old: true, gone: 'g', added: null },
      { id: '2', n: '9007199254740993', s: 'longer text', flag: '2024-01-01', old: null, gone: null, added: 'x' },
    ]);
  });

  it('a SCHEMA change mid-stream flushes buffered rows first', async () => {
    const result = await h.run([
      schemaMsg('mid', { id: { type: 'integer' } }),
      rec('mid', { id: 1 }),
      schemaMsg('mid', { id: { type: 'integer' }, x: { type: 'string' } }),
      rec('mid', { id: 2, x: 'y' }),
    ]);
    expect(result.code).toBe(0);
    expect(await h.rows('mid')).toEqual([
      { id: '1', x: null },
      { id: '2', x: 'y' },
    ]);
  });

  it('refuses an incompatible change of a key column', async () => {
    expect((await h.run([schemaMsg('k', { id: { type: 'integer' } }), rec('k', { id: 1 })])).code).toBe(0);
    const result = await h.run([schemaMsg('k', { id: { type: 'boolean' } })]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/key column "id"/);
  });
});

describe('metadata columns and hard delete', () => {
  it('fills _sdc_extracted_at, _sdc_batched_at, _sdc_deleted_at as timestamptz', async () => {
    const result = await h.run(
      [
        schemaMsg('md', { id: { type: 'integer' } }),
        rec('md', { id: 1 }, { time_extracted: '2024-01-02T03:04:05.000006+00:00' }),
        rec('md', { id: 2, _sdc_deleted_at: '2024-05-06T07:08:09+00:00' }),
      ],
      { add_metadata_columns: true },
    );
    expect(result.code).toBe(0);
    expect(await columns('md')).toEqual({
      id: 'bigint',
      _sdc_extracted_at: 'timestamp with time zone',
      _sdc_batched_at: 'timestamp with time zone',
      _sdc_deleted_at: 'timestamp with time zone',
    });
    const rows = (
      await h.db.query(
        `SELECT id, _sdc_extracted_at = '2024-01-02T03:04:05.000006Z' AS ex, _sdc_batched_at > now() - interval '1 minute' AS b,
                _sdc_deleted_at = '2024-05-06T07:08:09Z' AS del FROM tgt.md ORDER BY id`,
      )
    ).rows;
    expect(rows).toEqual([
      { id: '1', ex: true, b: true, del: null },
      { id: '2', ex: null, b: true, del: true },
    ]);
  });

  it('keeps working with a pipelinewise table whose _sdc_deleted_at is varchar; hard delete by key', async () => {
    await h.db.query(`CREATE SCHEMA tgt; CREATE TABLE tgt.pw (id bigint PRIMARY KEY, v character varying,
      _sdc_extracted_at timestamp without time zone, _sdc_batched_at timestamp without time zone, _sdc_deleted_at character varying);
      INSERT INTO tgt.pw (id, v) VALUES (1, 'one'), (2, 'two'), (3, 'three')`);
    const result = await h.run(
      [
        schemaMsg('pw', { id: { type: 'integer' }, v: { type: ['null', 'string'] } }),
        rec('pw', { id: 2, v: 'two', _sdc_deleted_at: '2024-01-01T00:00:00+00:00' }),
        rec('pw', { id: 4, v: 'four' }),
        rec('pw', { id: 5, v: 'five', _sdc_deleted_at: '2024-01-01T00:00:00+00:00' }),
      ],
      { hard_delete: true },
    );
    expect(result.code).toBe(0);
    expect((await h.db.query('SELECT id, v FROM tgt.pw ORDER BY id')).rows).toEqual([
      { id: '1', v: 'one' },
      { id: '3', v: 'three' },
      { id: '4', v: 'four' },
    ]);
    expect(await columns('pw')).toMatchObject({ v: 'character varying', _sdc_deleted_at: 'character varying' });
  });
});

describe('ACTIVATE_VERSION', () => {
  const s = schemaMsg('av', { id: { type: 'integer' } });
  const load = (version: number, ids: number[]) => [
    s,
    { type: 'ACTIVATE_VERSION', stream: 'av', version },
    ...ids.map((id) => rec('av', { id }, { version })),
    { type: 'ACTIVATE_VERSION', stream: 'av', version },
  ];
  it.each([
    ['ignore', [{ id: '1' }, { id: '2' }, { id: '3' }]],
    ['hard', [{ id: '2' }, { id: '3' }]],
  ])('%s', async (mode, expected) => {
    expect((await h.run(load(1, [1, 2]), { activate_version: mode })).code).toBe(0);
    expect((await h.run(load(2, [2, 3]), { activate_version: mode })).code).toBe(0);
    expect((await h.db.query('SELECT id FROM tgt.av ORDER BY id')).rows).toEqual(expected);
  });
  it('soft marks rows of older versions deleted', async () => {
    expect((await h.run(load(1, [1, 2]), { activate_version: 'soft' })).code).toBe(0);
    expect((await h.run(load(2, [2, 3]), { activate_version: 'soft' })).code).toBe(0);
    const rows = (
      await h.db.query(
        'SELECT id, _sdc_table_version AS v, _sdc_deleted_at IS NOT NULL AS deleted FROM tgt.av ORDER BY id',
      )
    ).rows;
    expect(rows).toEqual([
      { id: '1', v: '1', deleted: true },
      { id: '2', v: '2', deleted: false },
      { id: '3', v: '2', deleted: false },
    ]);
  });
});

describe('state', () => {
  it('prints each state once its records are committed, in order, across interleaved streams', async () => {
    const a = schemaMsg('sa', { id: { type: 'integer' } });
    const b = schemaMsg('sb', { id: { type: 'integer' } });
    const result = await h.run(
      [
        a,
        b,
        state({ n: 0 }),
        rec('sa', { id: 1 }),
        state({ n: 1 }),
        rec('sb', { id: 1 }),
        rec('sa', { id: 2 }), // sa is full: its load releases n:1 (everything before n:1 is in it)
        state({ n: 2 }),
        rec('sb', { id: 2 }), // sb is full: its load releases n:2, printed after sa's load too has committed
        state({ n: 3 }),
        rec('sa', { id: 3 }),
        state({ n: 4 }), // released at the end
      ],
      { batch_size_rows: 2 },
    );
    expect(result.code).toBe(0);
    expect(states(result)).toEqual([{ n: 1 }, { n: 2 }, { n: 4 }]);
  });

  it('prints the state once at the end when no records came', async () => {
    const result = await h.run([state({ only: true })]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('{"only":true}\n');
  });
});

describe('schema_mapping', () => {
  it('routes by source schema, grants select and creates indices', async () => {
    await h.db.query(
      `DROP SCHEMA IF EXISTS mapped CASCADE; DO $$ BEGIN CREATE ROLE tgt_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
    );
    const result = await h.run(
      [
        schemaMsg('sales-orders', { id: { type: 'integer' }, cust: { type: 'integer' } }),
        rec('sales-orders', { id: 1, cust: 7 }),
      ],
      {
        schema_mapping: {
          sales: {
            target_schema: 'mapped',
            target_schema_select_permissions: ['tgt_reader'],
            indices: { orders: ['cust'] },
          },
        },
      },
    );
    expect(result.code).toBe(0);
    expect(await h.rows('orders', '1', 'mapped')).toEqual([{ id: '1', cust: '7' }]);
    const grants = await h.db.query(`SELECT has_table_privilege('tgt_reader', 'mapped.orders', 'SELECT') AS ok`);
    expect(grants.rows[0]).toEqual({ ok: true });
    const idx = await h.db.query(
      `SELECT indexname FROM pg_indexes WHERE schemaname = 'mapped' AND indexname = 'i_orders_cust'`,
    );
    expect(idx.rowCount).toBe(1);
  });
});
