import { rec, schemaMsg, targetHarness } from './harness';

const h = targetHarness('tgt_schema');

beforeEach(h.reset);

const { columns } = h;

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

  it('adopts the column types of a table pipelinewise made: no renamed column, one WARNING per column', async () => {
    // As pipelinewise's target creates it: varchar for a bigint key and dates, double precision, timestamp, jsonb.
    await h.db.query(`CREATE SCHEMA tgt; CREATE TABLE tgt.pw (id character varying PRIMARY KEY,
      day character varying, amount double precision, at timestamp without time zone, tags jsonb,
      note character varying, clock time without time zone);
      INSERT INTO tgt.pw SELECT g::text, '2020-01-0' || g, g + 0.5, '2020-01-01 10:00', '["a"]', 'old', '10:00'
        FROM generate_series(1, 4) g`);
    const exact = schemaMsg('pw', {
      id: { type: 'integer', 'x-sql-datatype': 'bigint' },
      day: { type: ['null', 'string'], format: 'date-time', 'x-sql-datatype': 'date' },
      amount: { type: ['null', 'number'], 'x-sql-datatype': 'numeric(12,2)' },
      at: { type: ['null', 'string'], format: 'date-time', 'x-sql-datatype': 'timestamp with time zone' },
      tags: { type: ['null', 'array'], 'x-sql-datatype': 'text[]' },
      note: { type: ['null', 'string'], 'x-sql-datatype': 'text' },
      clock: { type: ['null', 'string'], format: 'time', 'x-sql-datatype': 'time with time zone' },
    });
    const record = {
      id: 9223372036854775807n,
      day: '2024-02-29T00:00:00+00:00',
      amount: 1234567890.25,
      at: '2024-02-29T23:59:59.123456+00:00',
      tags: ['x', 'y z'],
      note: 'new',
      clock: '12:34:56+02:00',
    };
    const line = JSON.stringify({ type: 'RECORD', stream: 'pw', record }, (_k, v: unknown) =>
      typeof v === 'bigint' ? `@${v}@` : v,
    ).replace(/"@(\d+)@"/, '$1');
    const result = await h.run([exact, line, rec('pw', { id: 2, note: 'two' })]);
    expect(result.code).toBe(0);
    expect(await columns('pw')).toEqual({
      id: 'character varying',
      day: 'character varying',
      amount: 'double precision',
      at: 'timestamp without time zone',
      tags: 'jsonb',
      note: 'character varying',
      clock: 'time without time zone',
    });
    const warnings = result.stderr.split('\n').filter((l) => l.startsWith('WARNING'));
    expect(warnings.map((l) => /column "(\w+)"/.exec(l)?.[1])).toEqual(['id', 'day', 'amount', 'at', 'tags', 'clock']);
    expect(warnings[2]).toBe(
      'WARNING pw: column "amount" is double precision in the table and the schema wants numeric(12,2): kept as ' +
        'double precision (numbers are rounded to double precision); for the exact type run ALTER TABLE "tgt"."pw" ' +
        'ALTER COLUMN "amount" TYPE numeric(12,2) USING "amount"::numeric(12,2) (adjust USING if the cast fails)',
    );
    const rows = await h.db.query(
      `SELECT id, day, amount::text, at::text, tags::text, note, clock::text FROM tgt.pw ORDER BY id::numeric`,
    );
    expect(rows.rows).toEqual([
      {
        id: '1',
        day: '2020-01-01',
        amount: '1.5',
        at: '2020-01-01 10:00:00',
        tags: '["a"]',
        note: 'old',
        clock: '10:00:00',
      },
      {
        id: '2',
        day: '2020-01-02',
        amount: '2.5',
        at: '2020-01-01 10:00:00',
        tags: '["a"]',
        note: 'two',
        clock: '10:00:00',
      },
      {
        id: '3',
        day: '2020-01-03',
        amount: '3.5',
        at: '2020-01-01 10:00:00',
        tags: '["a"]',
        note: 'old',
        clock: '10:00:00',
      },
      {
        id: '4',
        day: '2020-01-04',
        amount: '4.5',
        at: '2020-01-01 10:00:00',
        tags: '["a"]',
        note: 'old',
        clock: '10:00:00',
      },
      {
        id: '9223372036854775807',
        day: '2024-02-29T00:00:00+00:00',
        amount: '1234567890.25',
        at: '2024-02-29 23:59:59.123456',
        tags: '["x", "y z"]',
        note: 'new',
        clock: '12:34:56',
      },
    ]);
  });

  it('versions only a column that cannot hold the values, with a WARNING counting the rows it keeps', async () => {
    await h.db.query(`CREATE SCHEMA tgt; CREATE TABLE tgt.vv (id bigint PRIMARY KEY, flag boolean);
      INSERT INTO tgt.vv VALUES (1, true), (2, NULL), (3, false)`);
    const result = await h.run([
      schemaMsg('vv', { id: { type: 'integer' }, flag: { type: ['null', 'string'], 'x-sql-datatype': 'date' } }),
      rec('vv', { id: 4, flag: '2024-01-01' }),
    ]);
    expect(result.code).toBe(0);
    const versioned = Object.keys(await columns('vv')).find((c) => /^flag_\d{8}_\d{4}$/.test(c));
    expect(versioned).toBeDefined();
    expect(result.stderr).toContain(
      `WARNING vv: column "flag" is boolean in the table and cannot hold date: renamed to "${versioned!}", keeping ` +
        'the values of 2 rows, and added as date; rows not sent again have NULL in "flag"',
    );
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
