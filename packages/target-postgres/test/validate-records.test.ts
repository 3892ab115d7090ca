import { failure } from '@pgsinger/testkit';
import { singer, state, states, targetHarness, type Line } from './harness';

// validate_records on real taps' schemas: never a stack trace; a keyword ajv cannot use is left out with a warning.
const h = targetHarness('tgt_validate');

beforeEach(h.reset);

const schema = (properties: object, extra: object = {}): Line => ({
  type: 'SCHEMA',
  stream: 'v',
  schema: { type: 'object', properties, ...extra },
  key_properties: ['id'],
});
const id = { type: 'integer' };
const raw = (record: string): string => `{"type":"RECORD","stream":"v","record":${record}}`;
const run = (lines: readonly Line[]) => h.run(singer([...lines, state({ done: true })]), { validate_records: true });
const values = async (column: string) =>
  (await h.db.query<{ v: string }>(`SELECT ${column}::text AS v FROM tgt.v ORDER BY id`)).rows.map((r) => r.v);

describe('validate_records on real schemas', () => {
  it("our tap's bigint bounds (19 digits) and values at the bounds", async () => {
    // JSON.stringify cannot write those bounds exactly: the line is written as our tap writes it.
    const line =
      '{"type":"SCHEMA","stream":"v","schema":{"type":"object","properties":{"id":{"type":"integer"},' +
      '"b":{"type":["null","integer"],"minimum":-9223372036854775808,"maximum":9223372036854775807,' +
      '"x-sql-datatype":"bigint"}}},"key_properties":["id"]}';
    const result = await run([
      line,
      raw('{"id":1,"b":9223372036854775807}'),
      raw('{"id":2,"b":-9223372036854775808}'),
      raw('{"id":3,"b":12}'),
      raw('{"id":4,"b":null}'),
    ]);
    expect(result.stderr).not.toMatch(/CRITICAL|WARNING/);
    expect(result.code).toBe(0);
    expect(await values('b')).toEqual(['9223372036854775807', '-9223372036854775808', '12', null]);
  });

  it('multipleOf 0.01 and 0.1 are checked on the decimals as sent (no floating-point false rejection)', async () => {
    const ok = ['1234.57', '0.07', '12345678.91', '99999999.99', '-0.01', '0.3', '1e-2', '100'];
    const result = await run([
      schema({ id, n: { type: 'number', multipleOf: 0.01 }, t: { type: ['null', 'number'], multipleOf: 0.1 } }),
      ...ok.map((n, i) => raw(`{"id":${i},"n":${n},"t":${i === 5 ? '0.3' : 'null'}}`)),
    ]);
    expect(result.stderr).not.toMatch(/CRITICAL/);
    expect(result.code).toBe(0);
    expect(await values('n')).toEqual(['1234.57', '0.07', '12345678.91', '99999999.99', '-0.01', '0.3', '0.01', '100']);
    const bad = await run([schema({ id, n: { type: 'number', multipleOf: 0.01 } }), raw('{"id":1,"n":1234.575}')]);
    expect(failure(bad)).toMatch(
      /line 2: stream v: record does not match its schema at \$\.n: must be multiple of 0\.01/,
    );
  });

  it('date-time, date and time formats accept what the target loads (naive, space, infinity, BC)', async () => {
    const result = await run([
      schema({
        id,
        at: { type: ['null', 'string'], format: 'date-time' },
        d: { type: ['null', 'string'], format: 'date' },
        t: { type: ['null', 'string'], format: 'time' },
      }),
      ...[
        ['2024-01-02T03:04:05', '2024-01-02', '12:00:00'],
        ['2024-01-02 03:04:05.123456', '2024-01-02T00:00:00+00:00', '12:00:00.5+02:00'],
        ['infinity', 'infinity', '23:59:59'],
        ['4713-01-01 00:00:00+00 BC', '4713-01-01 BC', '00:00'],
        ['2019-12-18T13:19:44Z', '2019-12-18', '12:00:00Z'],
      ].map(([at, d, t], i) => raw(JSON.stringify({ id: i, at, d, t }))),
    ]);
    expect(result.stderr).not.toMatch(/CRITICAL/);
    expect(result.code).toBe(0);
    const bad = await run([schema({ id, at: { type: 'string', format: 'date-time' } }), raw('{"id":1,"at":"soon"}')]);
    expect(failure(bad)).toMatch(
      /line 2: stream v: record does not match its schema at \$\.at: must match format "date-time"/,
    );
  });

  const refused: [string, Line, string, string][] = [
    [
      'draft-04 $schema',
      schema({ id, a: { type: 'string' } }, { $schema: 'http://json-schema.org/draft-04/schema#' }),
      '/$schema',
      '{"id":1,"a":"x"}',
    ],
    [
      'draft-04 exclusiveMaximum: true',
      schema({ id, a: { type: 'number', maximum: 5, exclusiveMaximum: true } }),
      '/properties/a/exclusiveMaximum',
      '{"id":1,"a":5}',
    ],
    [
      'draft-03 required: true',
      schema({ id, a: { type: 'string', required: true } }),
      '/properties/a/required',
      '{"id":1,"a":"x"}',
    ],
    ['draft-04 id', schema({ id, a: { type: 'string' } }, { id: 'http://example.com/v' }), '/id', '{"id":1,"a":"x"}'],
    [
      'unresolvable $ref',
      schema({ id, a: { $ref: '#/definitions/missing' } }),
      '/properties/a/$ref',
      '{"id":1,"a":"anything"}',
    ],
    ['malformed $ref', schema({ id, a: { $ref: '#/definitions/%zz' } }), '/properties/a/$ref', '{"id":1,"a":"x"}'],
    [
      'Python regular expression',
      schema({ id, a: { type: 'string', pattern: '(?P<word>\\w+)' } }),
      '/properties/a/pattern',
      '{"id":1,"a":"x"}',
    ],
    [
      'Python inline flag in patternProperties',
      schema({ id, a: { type: 'object', patternProperties: { '(?i)^x': { type: 'string' } } } }),
      '/properties/a/patternProperties',
      '{"id":1,"a":{"X":"y"}}',
    ],
    [
      'type datetime',
      schema({ id, a: { type: ['null', 'datetime'] } }),
      '/properties/a/type',
      '{"id":1,"a":"2024-01-01"}',
    ],
    ['$async', schema({ id, a: { type: 'string' } }, { $async: true }), '/$async', '{"id":1,"a":"x"}'],
    [
      'a definition that refers to itself',
      schema({ id, a: { $ref: '#/definitions/loop' } }, { definitions: { loop: { $ref: '#/definitions/loop' } } }),
      '/properties/a',
      '{"id":1,"a":"x"}',
    ],
  ];

  it.each(refused)('%s: loads, with a warning naming the keyword left out', async (_name, line, pointer, record) => {
    const result = await run([line, raw(record)]);
    expect(result.stderr).not.toMatch(/CRITICAL|\n\s+at /);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`WARNING line 1: stream v: validate_records: schema keyword ${pointer} left out`);
    expect(states(result)).toEqual([{ done: true }]);
    expect(await values('id')).toEqual(['1']);
  });

  it('the rest of such a schema is still checked', async () => {
    const line = schema({ id, a: { type: 'string', pattern: '(?P<w>x)' }, n: { type: 'integer', maximum: 5 } });
    const bad = await run([line, raw('{"id":1,"a":"x","n":6}')]);
    expect(failure(bad)).toMatch(/line 2: stream v: record does not match its schema at \$\.n: must be <= 5/);
  });

  it('an unknown format is a warning; two streams and a repeated SCHEMA with one $id compile', async () => {
    const withId = (stream: string, props: object): Line => ({
      type: 'SCHEMA',
      stream,
      schema: { $id: 'http://example.com/shared.json', type: 'object', properties: props },
      key_properties: ['id'],
    });
    const result = await run([
      withId('v', { id, a: { type: 'string', format: 'singer.decimal' } }),
      raw('{"id":1,"a":"1.50"}'),
      withId('w', { id, b: { type: 'string' } }),
      '{"type":"RECORD","stream":"w","record":{"id":1,"b":"x"}}',
      withId('v', { id, a: { type: 'string', format: 'singer.decimal' }, c: { type: ['null', 'string'] } }),
      raw('{"id":2,"a":"2","c":"x"}'),
    ]);
    expect(result.stderr).not.toMatch(/CRITICAL/);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /WARNING line 1: stream v: validate_records: unknown format "singer.decimal" ignored/,
    );
    expect(await values('id')).toEqual(['1', '2']);
  });
});
