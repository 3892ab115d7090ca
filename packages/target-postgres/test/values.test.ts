import { rec, schemaMsg, state, states, targetHarness } from './harness';

const h = targetHarness('tgt_values');

beforeEach(h.reset);

describe('values are written exactly', () => {
  it('jsonb-number-spelling: json and jsonb values keep numbers as sent (2.50, 1e3), json its spacing', async () => {
    const props = {
      id: { type: 'integer' },
      j: { type: ['null', 'object'], 'x-sql-datatype': 'json' },
      jb: { type: ['null', 'object'], 'x-sql-datatype': 'jsonb' },
    };
    const raw = `{"type":"RECORD","stream":"public-js","record":{"id":1,"j":{"w": 192.30,\t"e":1e3},"jb":{"w": 192.30, "e": 1E3}}}`;
    const result = await h.run([schemaMsg('public-js', props), raw]);
    expect(result.code).toBe(0);
    const { rows } = await h.db.query(`SELECT j::text, jb::text FROM tgt.js`);
    expect(rows[0]).toEqual({ j: '{"w": 192.30,\t"e":1e3}', jb: '{"e": 1000, "w": 192.30}' });
  });

  it('invalid-utf8-record: bytes that are not UTF-8 load with U+FFFD in their place, as a text stream decodes them', async () => {
    const props = { id: { type: 'integer' }, t: { type: ['null', 'string'] } };
    const input = Buffer.concat([
      Buffer.from(
        `${JSON.stringify(schemaMsg('public-bad', props))}\n{"type":"RECORD","stream":"public-bad","record":{"id":1,"t":"a`,
      ),
      Buffer.from([0xff, 0xc3]),
      Buffer.from('b"}}\n'),
    ]);
    const result = await h.run(input);
    expect(result.code).toBe(0);
    expect(await h.rows('bad')).toEqual([{ id: '1', t: 'a\ufffd\ufffdb' }]);
  });

  it('keeps numeric and bigint digits, text, arrays, json, timestamps with offsets, and x-sql-datatype types', async () => {
    const props = {
      id: { type: 'integer', 'x-sql-datatype': 'bigint' },
      big: { type: ['null', 'integer'], 'x-sql-datatype': 'bigint' },
      num: { type: ['null', 'number'], 'x-sql-datatype': 'numeric(40,20)' },
      free: { type: ['null', 'number'] },
      dbl: { type: ['null', 'number'], 'x-sql-datatype': 'double precision' },
      txt: { type: ['null', 'string'] },
      ts: { type: ['null', 'string'], format: 'date-time', 'x-sql-datatype': 'timestamp with time zone' },
      tsn: { type: ['null', 'string'], format: 'date-time', 'x-sql-datatype': 'timestamp without time zone' },
      d: { type: ['null', 'string'], format: 'date', 'x-sql-datatype': 'date' },
      ip: { type: ['null', 'string'], 'x-sql-datatype': 'inet' },
      rng: { type: ['null', 'string'], 'x-sql-datatype': 'int4range' },
      arr: { type: ['null', 'array'], 'x-sql-datatype': 'text[]' },
      iarr: { type: ['null', 'array'], 'x-sql-datatype': 'integer[]' },
      j: { type: ['null', 'object', 'array'], 'x-sql-datatype': 'json' },
      jb: { type: ['null', 'object', 'array'], 'x-sql-datatype': 'jsonb' },
      bin: { type: ['null', 'string'], 'x-sql-datatype': 'bytea' },
      mood: { type: ['null', 'string'], 'x-sql-datatype': 'mood_enum_that_does_not_exist' },
      v: { type: ['null', 'string'], 'x-sql-datatype': 'character varying(8)' },
    };
    const text = 'tab\there, newline\nnext, cr\r, backslash \\ \\N, quotes \'" , emoji 😀 𝄞';
    const raw =
      `{"type":"RECORD","stream":"public-vals","record":{"id":1,"big":9223372036854775807,` +
      `"num":12345678901234567890.12345678901234567890,"free":0.30000000000000004441,"dbl":0.1,` +
      `"txt":${JSON.stringify(text)},"ts":"2024-01-02T03:04:05.123456+05:30","tsn":"2024-01-02T03:04:05.123456+00:00",` +
      `"d":"2024-02-29","ip":"10.1.2.3/32","rng":"[1,5)","arr":["a","b,c","d\\"e",null,"f\\\\g"],"iarr":[[1,2],[3,4]],` +
      `"j":{"k":[1,2.50,12345678901234567890123]},"jb":{"k":"nul\\u0000x"},"bin":"\\\\x00ff","mood":"happy","v":"abc"}}`;
    const result = await h.run([schemaMsg('public-vals', props), raw, state({ done: 1 })]);
    expect(result.stderr).not.toMatch(/CRITICAL/);
    expect(result.code).toBe(0);
    expect(states(result)).toEqual([{ done: 1 }]);
    const cols = await h.db.query<{ attname: string; t: string }>(
      `SELECT attname, format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'tgt.vals'::regclass AND attnum > 0 ORDER BY attnum`,
    );
    expect(Object.fromEntries(cols.rows.map((r) => [r.attname, r.t]))).toMatchObject({
      big: 'bigint',
      num: 'numeric(40,20)',
      free: 'numeric',
      dbl: 'double precision',
      ts: 'timestamp with time zone',
      tsn: 'timestamp without time zone',
      ip: 'inet',
      rng: 'int4range',
      arr: 'text[]',
      iarr: 'integer[]',
      j: 'json',
      mood: 'text',
      v: 'character varying(8)',
    });
    const { rows } = await h.db.query(
      `SELECT big::text, num::text, free::text, dbl, txt, ts = '2024-01-01T21:34:05.123456Z' AS ts_ok, tsn::text, d::text,
              ip::text, rng::text, arr, iarr::text, j::text, jb::text, encode(bin, 'hex') AS bin, mood, v FROM tgt.vals`,
    );
    expect(rows[0]).toEqual({
      big: '9223372036854775807',
      num: '12345678901234567890.12345678901234567890',
      free: '0.30000000000000004441',
      dbl: 0.1,
      txt: text,
      ts_ok: true,
      tsn: '2024-01-02 03:04:05.123456',
      d: '2024-02-29',
      ip: '10.1.2.3/32',
      rng: '[1,5)',
      arr: ['a', 'b,c', 'd"e', null, 'f\\g'],
      iarr: '{{1,2},{3,4}}',
      j: '{"k":[1,2.50,12345678901234567890123]}', // json keeps the text as sent
      jb: '{"k": "nulx"}',
      bin: '00ff',
      mood: 'happy',
      v: 'abc',
    });
  });

  it('writes hstore, uuid, interval, money, bit strings, xml, multi-dimensional arrays and jsonb[]', async () => {
    await h.db.query('CREATE EXTENSION IF NOT EXISTS hstore');
    const props = {
      id: { type: 'integer' },
      h: { type: ['null', 'object'], 'x-sql-datatype': 'hstore' },
      u: { type: ['null', 'string'], 'x-sql-datatype': 'uuid' },
      iv: { type: ['null', 'string'], 'x-sql-datatype': 'interval' },
      m: { type: ['null', 'string'], 'x-sql-datatype': 'money' },
      b: { type: ['null', 'string'], 'x-sql-datatype': 'bit varying(8)' },
      x: { type: ['null', 'string'], 'x-sql-datatype': 'xml' },
      ja: { type: ['null', 'array'], 'x-sql-datatype': 'jsonb[]' },
      ta: { type: ['null', 'array'], 'x-sql-datatype': 'text[]' },
    };
    const record = {
      id: 1,
      h: { 'k"1': 'v\\1', k2: null, ключ: 'значение' },
      u: '0e9c0a4e-7f0b-4a43-9c1a-3d9f1c4b2a10',
      iv: '1 year 2 mons 3 days 04:05:06.789',
      m: '$1,234.56',
      b: '1011',
      x: '<a>ü &amp; "q"</a>',
      ja: [{ a: 1 }, null, [1, 'two']],
      ta: [
        ['a', 'b'],
        ['c', null],
      ],
    };
    const result = await h.run([schemaMsg('more', props), rec('more', record)]);
    expect(result.stderr).not.toMatch(/CRITICAL/);
    const { rows } = await h.db.query(
      `SELECT h = hstore(ARRAY['k"1', 'k2', 'ключ'], ARRAY['v\\1', NULL, 'значение']) AS h_ok, u::text, iv::text, m::text, b::text,
              x::text, ja::text, ta::text FROM tgt.more`,
    );
    expect(rows[0]).toEqual({
      h_ok: true,
      u: record.u,
      iv: '1 year 2 mons 3 days 04:05:06.789',
      m: '$1,234.56',
      b: '1011',
      x: record.x,
      ja: '{"{\\"a\\": 1}",NULL,"[1, \\"two\\"]"}',
      ta: '{{a,b},{c,NULL}}',
    });
  });

  it('removes NUL characters from text (documented rule)', async () => {
    const result = await h.run([
      schemaMsg('nul', { id: { type: 'integer' }, t: { type: 'string' } }),
      rec('nul', { id: 1, t: 'a\u0000b' }),
    ]);
    expect(result.code).toBe(0);
    expect(await h.rows('nul')).toEqual([{ id: '1', t: 'ab' }]);
  });
});
