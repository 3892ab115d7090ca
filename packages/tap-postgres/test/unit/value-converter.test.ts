import type { TemporalFormat } from '../../src/config';
import { parseSqlType } from '../../src/discovery/sql-type';
import { bookmarkValue } from '../../src/sync/incremental-position';
import { compileRecordSerializer } from '../../src/values/record-serializer';
import { isoTimestamp } from '../../src/values/temporal';
import { compileValueConverter } from '../../src/values/value-converter';

/** The JSON of a value and what it noted for `x-sql-text` (undefined: nothing). */
function convert(
  sqlDatatype: string,
  text: string,
  temporalFormat: TemporalFormat = 'pipelinewise',
  delimiter?: string,
): [string, string | undefined] {
  let noted: string | undefined;
  const converter = compileValueConverter(parseSqlType(sqlDatatype, delimiter), {
    temporalFormat,
    note: (exact) => {
      expect(noted).toBeUndefined(); // at most one note per value
      noted = exact;
    },
  });
  return [converter(text), noted];
}

describe('compileValueConverter', () => {
  it.each([
    ['bigint', '-9223372036854775808', '-9223372036854775808'],
    [
      'numeric',
      '123456789012345678901234567890.000000000000000000001',
      '123456789012345678901234567890.000000000000000000001',
    ],
    ['numeric', '1.50', '1.50'],
    ['numeric', '-0.000', '-0.000'],
    ['double precision', '-0', '-0'],
    ['real', '1e-45', '1e-45'],
    ['boolean', 't', 'true'],
    ['boolean', 'f', 'false'],
    ['text', 'a\n"b"\\', '"a\\n\\"b\\"\\\\"'],
    ['jsonb', '{"a": 1}', '{"a": 1}'],
    ['jsonb', '"null"', '"null"'],
    ['jsonb', '{"a": null}', '{"a": null}'],
    ['public.hstore', '"k"=>NULL', '{"k":null}'],
    ['timestamp with time zone', '2024-01-02 03:04:05.1+00', '"2024-01-02T03:04:05.100000+00:00"'],
    ['time without time zone', '23:59:59.999999', '"23:59:59.999999"'],
    ['time with time zone', '04:05:06.5+02', '"04:05:06.5+02"'],
    ['integer[]', '{{1,NULL},{3,4}}', '[[1,null],[3,4]]'],
    ['jsonb[]', '{"[1]",NULL}', '[[1],null]'],
    ['bit(3)', '101', '"101"'],
    ['mood[]', '{sad,"happy \\"x\\""}', '["sad","happy \\"x\\""]'],
  ])('%s %j: exact, nothing noted', (type, text, json) => {
    expect(convert(type, text)).toEqual([json, undefined]);
    expect(convert(type, text, 'postgres')).toEqual([json, undefined]);
  });

  it.each([
    ['numeric(5,2)', 'NaN', 'null'],
    ['numeric', '-Infinity', 'null'],
    ['double precision', 'Infinity', 'null'],
    ['real', 'NaN', 'null'],
    ['numeric[]', '{NaN,1.50}', '[null,1.50]'],
    ['double precision[]', '{{1.5,-Infinity},{NULL,-0}}', '[[1.5,null],[null,-0]]'],
    ['jsonb', 'null', 'null'],
    ['json', ' null ', ' null '],
    ['json', '\t{"a": 1} ', '\t{"a": 1} '],
    ['json', '{"a":\n1}', '{"a": 1}'],
    ['jsonb[]', '{null,NULL}', '[null,null]'],
    ['integer[]', '[0:1]={7,8}', '[7,8]'],
  ])('%s %j: JSON cannot carry it, so PostgreSQL text is noted', (type, text, json) => {
    expect(convert(type, text)).toEqual([json, text]);
    expect(convert(type, text, 'postgres')).toEqual([json, text]);
  });

  it.each([
    ['date', '2024-01-02', '"2024-01-02T00:00:00+00:00"', undefined, '"2024-01-02"'],
    ['date', '0001-01-01', '"0001-01-01T00:00:00+00:00"', undefined, '"0001-01-01"'],
    ['date', 'infinity', '"9999-12-31T00:00:00+00:00"', 'infinity', '"infinity"'],
    ['date', '0044-03-15 BC', '"9999-12-31T00:00:00+00:00"', '0044-03-15 BC', '"0044-03-15 BC"'],
    ['date', '5874897-12-31', '"9999-12-31T00:00:00+00:00"', '5874897-12-31', '"5874897-12-31"'],
    ['date[]', '{2024-01-01,NULL}', '["2024-01-01T00:00:00+00:00",null]', undefined, '["2024-01-01",null]'],
    [
      'date[]',
      '{-infinity,2024-01-01}',
      '["9999-12-31T00:00:00+00:00","2024-01-01T00:00:00+00:00"]',
      '{-infinity,2024-01-01}',
      '["-infinity","2024-01-01"]',
    ],
    [
      'timestamp without time zone',
      '294276-12-31 23:59:59.999999',
      '"9999-12-31T23:59:59.999000+00:00"',
      '294276-12-31 23:59:59.999999',
      '"294276-12-31 23:59:59.999999"',
    ],
    ['timestamp with time zone', '-infinity', '"9999-12-31T23:59:59.999000+00:00"', '-infinity', '"-infinity"'],
  ])('%s %j: pipelinewise spelling (clamped, text noted) or PostgreSQL text', (type, text, json, noted, postgres) => {
    expect(convert(type, text, 'pipelinewise')).toEqual([json, noted]);
    expect(convert(type, text, 'postgres')).toEqual([postgres, undefined]);
  });

  it('splits arrays on their element type’s delimiter (typdelim)', () => {
    expect(convert('box[]', '{(1,1),(0,0);(2,2),(1,1)}', 'pipelinewise', ';')).toEqual([
      '["(1,1),(0,0)","(2,2),(1,1)"]',
      undefined,
    ]);
    expect(convert('geometry[]', '{0101000000000000000000F03F000000000000F03F:010100000000}', 'postgres', ':')).toEqual(
      ['["0101000000000000000000F03F000000000000F03F","010100000000"]', undefined],
    );
    expect(convert('text[]', '{a:b,c}')).toEqual(['["a:b","c"]', undefined]);
  });
});

describe('isoTimestamp', () => {
  it.each([
    ['2024-01-02 03:04:05', '2024-01-02T03:04:05+00:00'],
    ['2024-01-02 03:04:05.000001+00', '2024-01-02T03:04:05.000001+00:00'],
    ['infinity', undefined],
    ['-infinity', undefined],
    ['0044-03-15 00:00:00+00 BC', undefined],
    ['294276-12-31 23:59:59.999999+00', undefined],
  ])('timestamp %s', (text, iso) => {
    expect(isoTimestamp(text)).toBe(iso);
  });
});

describe('compileRecordSerializer', () => {
  const serialize = compileRecordSerializer({
    stream: 'public-t',
    columns: [
      { name: 'id', type: parseSqlType('bigint') },
      { name: 'na"me', type: parseSqlType('text') },
      { name: 'n', type: parseSqlType('numeric') },
      { name: 'j', type: parseSqlType('jsonb') },
    ],
    version: 17,
    timeExtracted: '2024-01-01T00:00:00.000Z',
  });

  it('writes one RECORD line with exact values, nulls, version and time_extracted', () => {
    expect(serialize(['9007199254740993', null, '1.50', null])).toBe(
      '{"type":"RECORD","stream":"public-t","record":{"id":9007199254740993,"na\\"me":null,"n":1.50,"j":null},"version":17,"time_extracted":"2024-01-01T00:00:00.000Z"}',
    );
  });

  it('puts the values JSON cannot carry in x-sql-text, for that row only', () => {
    expect(serialize(['1', 'a', 'NaN', 'null'])).toBe(
      '{"type":"RECORD","stream":"public-t","record":{"id":1,"na\\"me":"a","n":null,"j":null},"x-sql-text":{"n":"NaN","j":"null"},"version":17,"time_extracted":"2024-01-01T00:00:00.000Z"}',
    );
    expect(serialize(['2', 'b', '1', '{}'])).not.toContain('x-sql-text');
  });
});

describe('bookmarkValue', () => {
  it.each([
    ['integer', '5', 5],
    ['bigint', '9007199254740993', '9007199254740993'],
    ['numeric(5,2)', '1.50', '1.50'],
    ['numeric', '2.5', 2.5],
    ['numeric', 'NaN', 'NaN'],
    ['timestamp with time zone', '2024-01-02 03:04:05+00', '2024-01-02T03:04:05+00:00'],
    ['timestamp with time zone', 'infinity', 'infinity'],
    ['date', '2024-01-02', '2024-01-02T00:00:00+00:00'],
    ['date', '0001-01-01 BC', '0001-01-01 BC'],
    ['text', 'abc', 'abc'],
  ])('%s %s: the record value, or PostgreSQL text when the record cannot carry it', (type, text, expected) => {
    expect(bookmarkValue(parseSqlType(type), text)).toEqual(expected);
  });

  it('spells dates as PostgreSQL does with temporal_format postgres', () => {
    expect(bookmarkValue(parseSqlType('date'), '2024-01-02', 'postgres')).toBe('2024-01-02');
  });
});

describe('big-value-bytea: hex is quoted without a JSON.stringify copy, to the same JSON', () => {
  it.each(['\\x0102ff', '\\x', '\\x"', '\\xé\n', '\\', '\\y', 'plain'])('%j', (text) => {
    expect(convert('bytea', text)).toEqual([JSON.stringify(text), undefined]);
    expect(convert('text', text)).toEqual([JSON.stringify(text), undefined]);
  });
});
