import { schemaMsg, targetHarness, type Line } from './harness';

// Issue 15 through the bin: numbers stored with the digits they were sent with, `x-sql-text` loaded instead of the
// record's value, arrays written with their element type's delimiter, arrays of missing types as text[]. Each input
// goes through the fast path, the generic path (an escaped stream name makes the fast path decline the line) and a
// merge into rows that exist (a second run over other values), and is compared by `::text`.
const h = targetHarness('tgt_exact');

beforeEach(h.reset);

/** The same lines with the stream name spelled with a JSON escape: only the generic path reads them. */
const viaGenericPath = (lines: readonly Line[]): Line[] =>
  lines.map((line) => {
    const text = typeof line === 'string' ? line : JSON.stringify(line);
    return text.replace(/"stream":"exact"/, '"stream":"ex\\u0061ct"');
  });

/** The rows of a query run after `SET extra_float_digits = 3` on the same connection. */
async function textQuery(sql: string): Promise<Record<string, string>[]> {
  const results = (await h.db.query(`SET extra_float_digits = 3; ${sql}`)) as unknown as { rows: never[] }[];
  return results[results.length - 1].rows;
}

/** Loads `lines` over a first load of `before` (merge), or alone; returns every column's `::text`, by id. */
async function load(lines: readonly Line[], before?: readonly Line[]): Promise<Record<string, string>[]> {
  await h.reset();
  if (before !== undefined) expect((await h.run(before)).code).toBe(0);
  const result = await h.run(lines);
  expect(result.stderr).not.toMatch(/CRITICAL/);
  expect(result.code).toBe(0);
  const columns = Object.keys(await h.columns('exact')).filter((c) => !c.startsWith('_sdc'));
  return textQuery(`SELECT ${columns.map((c) => `"${c}"::text`).join(', ')} FROM tgt.exact ORDER BY id`);
}

/** Runs `check` on the rows each path loads: fast, generic, and merged over other values. */
async function eachPath(lines: Line[], other: Line[], check: (rows: Record<string, string>[]) => void): Promise<void> {
  check(await load(lines));
  check(await load(viaGenericPath(lines)));
  check(await load(lines, other));
}

/** PostgreSQL's text of a number token read as `type` (what the column must hold). */
async function pgText(token: string, type: string): Promise<string> {
  if (!/^-?[0-9.eE+-]+$/.test(token)) throw new Error(`not a number token: ${token}`);
  return (await textQuery(`SELECT '${token}'::${type}::text AS t`))[0].t;
}

const NUMBERS = ['1.50', '0.000', '-0', '10289.60', '1e400', '-1E+400', '1e-400', '1.5e-330', '15.0000000000000000'];
const FLOATS = [
  '1.50',
  '-0',
  '0.000',
  '1.7976931348623157e308',
  '5e-324',
  '1E2',
  '-0.0',
  '0.1',
  '2.2250738585072014E-308',
];
const REALS = ['1.50', '-0', '0.000', '3.4028235e+38', '1e-45', '1E2', '-0.0', '0.1', '1.17549435e-38'];
const INTEGERS = ['1.0', '1e3', '-0', '-7.000', '1.5E1', '9.223372036854775807e18', '15.0000000000000000', '0', '-3'];
const numberSchema = schemaMsg('exact', {
  id: { type: 'integer' },
  n: { type: ['null', 'number'], 'x-sql-datatype': 'numeric' },
  free: { type: ['null', 'number'] },
  untyped: {},
  na: { type: ['null', 'array'], 'x-sql-datatype': 'numeric[]' },
  f: { type: ['null', 'number'], 'x-sql-datatype': 'double precision' },
  r: { type: ['null', 'number'], 'x-sql-datatype': 'real' },
  i: { type: ['null', 'integer'], 'x-sql-datatype': 'bigint' },
  ia: { type: ['null', 'array'], 'x-sql-datatype': 'bigint[]' },
});
const numberLine = (k: number, n: string, f: string, r: string, i: string): string =>
  `{"type":"RECORD","stream":"exact","record":{"id":${k},"n":${n},"free":${n},"untyped":${n},"na":[${n},1.10,null],` +
  `"f":${f},"r":${r},"i":${i},"ia":[${i}]}}`;

/** The integer an integral token spells, computed on its digits. */
function integral(token: string): bigint {
  const [mantissa, exponent = '0'] = token.toLowerCase().split('e');
  const [whole, fraction = ''] = mantissa.split('.');
  const digits = BigInt(`${whole}${fraction}`.replace(/^-/, '')) * (whole.startsWith('-') ? -1n : 1n);
  const shift = Number(exponent) - fraction.length;
  return shift >= 0 ? digits * 10n ** BigInt(shift) : digits / 10n ** BigInt(-shift);
}

describe('numbers as sent', () => {
  it('numeric, untyped, array, float and integer columns hold the number each token spells, in every path', async () => {
    const lines = [numberSchema, ...NUMBERS.map((n, k) => numberLine(k, n, FLOATS[k], REALS[k], INTEGERS[k]))];
    const other = [numberSchema, ...NUMBERS.map((_, k) => numberLine(k, '7', '7', '7', '7'))];
    const expected: Record<string, string>[] = [];
    for (const [k, n] of NUMBERS.entries()) {
      const integer = await pgText(integral(INTEGERS[k]).toString(), 'bigint');
      expected.push({
        id: String(k),
        n: await pgText(n, 'numeric'),
        free: await pgText(n, 'numeric'),
        untyped: n, // a property without a type is text: the token itself
        na: `{${await pgText(n, 'numeric')},1.10,NULL}`,
        f: await pgText(FLOATS[k], 'double precision'),
        r: await pgText(REALS[k], 'real'),
        i: integer,
        ia: `{${integer}}`,
      });
    }
    // What a double would have made of them: 1.5, 0, 0, 10289.6, Infinity, -Infinity, 0, 0, 15.
    expect(expected.map((row) => row.n.slice(0, 12))).toEqual([
      '1.50',
      '0.000',
      '0',
      '10289.60',
      '100000000000',
      '-10000000000',
      '0.0000000000',
      '0.0000000000',
      '15.000000000',
    ]);
    await eachPath(lines, other, (rows) => expect(rows).toEqual(expected));
  });
});

describe('x-sql-text', () => {
  const schema = schemaMsg('exact', {
    id: { type: 'integer' },
    n: { type: ['null', 'number'], 'x-sql-datatype': 'numeric' },
    f: { type: ['null', 'number'], 'x-sql-datatype': 'double precision' },
    na: { type: ['null', 'array'], 'x-sql-datatype': 'real[]' },
    jb: { type: ['null', 'object', 'array', 'string', 'number', 'boolean'], 'x-sql-datatype': 'jsonb' },
    j: { type: ['null', 'object', 'array', 'string', 'number', 'boolean'], 'x-sql-datatype': 'json' },
    d: { type: ['null', 'string'], format: 'date-time', 'x-sql-datatype': 'date' },
    ts: { type: ['null', 'string'], format: 'date-time', 'x-sql-datatype': 'timestamp without time zone' },
    da: { type: ['null', 'array'], 'x-sql-datatype': 'date[]' },
    t: { type: ['null', 'string'], format: 'time', 'x-sql-datatype': 'time without time zone' },
    plain: { type: ['null', 'string'] },
  });
  const line = (id: number, record: string, sqlText?: string): string =>
    `{"type":"RECORD","stream":"exact","record":{"id":${id},${record}}${sqlText === undefined ? '' : `,"x-sql-text":${sqlText}`},"version":1}`;
  const CLAMPED_DATE = '"9999-12-31T00:00:00+00:00"';
  const lines = [
    schema,
    line(
      1,
      `"n":null,"f":null,"na":[1.5,null],"jb":null,"j":null,"d":${CLAMPED_DATE},"ts":"9999-12-31T23:59:59.999000+00:00",` +
        `"da":[${CLAMPED_DATE}],"t":"00:00:00","plain":null`,
      '{"n":"NaN","f":"-Infinity","na":"{1.5,NaN}","jb":"null","j":" null ","d":"infinity","ts":"4713-01-01 00:00:00 BC","da":"{-infinity}","t":"24:00:00"}',
    ),
    // SQL NULL: no x-sql-text.
    line(2, '"n":null,"f":null,"na":null,"jb":null,"j":null,"d":null,"ts":null,"da":null,"t":null,"plain":null'),
    // pipelinewise's spelling of an ordinary date and time, which the date and time columns read as they are.
    line(
      3,
      `"n":null,"f":null,"na":null,"j":null,"ts":null,"plain":null,` +
        `"d":"2024-02-29T00:00:00+00:00","da":["2024-01-01T00:00:00+00:00",null],"t":"13:14:15.5","jb":{"a":null}`,
    ),
    // Only properties with x-sql-datatype take their x-sql-text; the others keep the record's value.
    line(
      4,
      '"plain":"kept","n":2.50,"f":null,"na":null,"jb":null,"j":null,"d":null,"ts":null,"da":null,"t":null',
      '{"plain":"ignored","nope":"ignored"}',
    ),
  ];
  const everything =
    '"n":7,"f":7,"na":[7],"jb":{"b":1},"j":[1],"d":"2000-01-01","ts":"2000-01-01T00:00:00+00:00","da":[],"t":"01:00:00","plain":"x"';
  const other = [schema, ...[1, 2, 3, 4].map((id) => line(id, everything))];

  it('loads PostgreSQL text beside null or clamped values, in every path; JSON null is not SQL NULL', async () => {
    const expected = [
      {
        id: '1',
        n: 'NaN',
        f: '-Infinity',
        na: '{1.5,NaN}',
        jb: 'null',
        j: ' null ',
        d: 'infinity',
        ts: '4713-01-01 00:00:00 BC',
        da: '{-infinity}',
        t: '24:00:00',
        plain: null,
      },
      { id: '2', n: null, f: null, na: null, jb: null, j: null, d: null, ts: null, da: null, t: null, plain: null },
      {
        id: '3',
        n: null,
        f: null,
        na: null,
        jb: '{"a": null}',
        j: null,
        d: '2024-02-29',
        ts: null,
        da: '{2024-01-01,NULL}',
        t: '13:14:15.5',
        plain: null,
      },
      { id: '4', n: '2.50', f: null, na: null, jb: null, j: null, d: null, ts: null, da: null, t: null, plain: 'kept' },
    ];
    await eachPath(lines, other, (rows) => expect(rows).toEqual(expected));
    const result = await h.run(lines);
    expect(result.stderr).toMatch(/x-sql-text of property "plain" ignored \(its schema has no x-sql-datatype\)/);
    expect(result.stderr).toMatch(/x-sql-text of property "nope" ignored \(it is not a top-level property/);
  });
});

describe('arrays', () => {
  it('are written with the element type’s delimiter, and arrays of types the destination lacks are text[]', async () => {
    const schema = schemaMsg('exact', {
      id: { type: 'integer' },
      boxes: { type: ['null', 'array'], 'x-sql-datatype': 'box[]' },
      moods: { type: ['null', 'array'], 'x-sql-datatype': 'no_such_enum[]' },
      pairs: { type: ['null', 'array'], 'x-sql-datatype': 'public.no_such_composite[]' },
      mood: { type: ['null', 'string'], 'x-sql-datatype': 'no_such_enum' },
    });
    const record = (id: number, boxes: string, moods: string): string =>
      `{"type":"RECORD","stream":"exact","record":{"id":${id},"boxes":${boxes},"moods":${moods},"pairs":[["(1,\\"x y\\")"]],"mood":"ok"}}`;
    const lines = [
      schema,
      record(1, '["(1,1),(0,0)","(2,2),(1,1)",null]', '["a,b","NULL",null,"q\\"uote"]'),
      record(2, '[["(1,1),(0,0)"],["(3,3),(2,2)"]]', '[]'),
    ];
    const other = [schema, record(1, '[]', '["x"]'), record(2, '[]', '["y"]')];
    await eachPath(lines, other, (rows) =>
      expect(rows).toEqual([
        {
          id: '1',
          boxes: '{(1,1),(0,0);(2,2),(1,1);NULL}',
          moods: '{"a,b","NULL",NULL,"q\\"uote"}',
          pairs: '{{"(1,\\"x y\\")"}}',
          mood: 'ok',
        },
        { id: '2', boxes: '{{(1,1),(0,0)};{(3,3),(2,2)}}', moods: '{}', pairs: '{{"(1,\\"x y\\")"}}', mood: 'ok' },
      ]),
    );
    expect(await h.columns('exact')).toMatchObject({ boxes: 'box[]', moods: 'text[]', pairs: 'text[]', mood: 'text' });
  });
});
