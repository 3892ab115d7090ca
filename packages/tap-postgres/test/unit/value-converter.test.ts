import { parseSqlType } from '../../src/discovery/sql-type';
import { compileRecordSerializer } from '../../src/values/record-serializer';
import { timestampToIso } from '../../src/values/temporal';
import { compileValueConverter } from '../../src/values/value-converter';
import { bookmarkValue } from '../../src/sync/incremental-position';

const convert = (sqlDatatype: string, text: string): string => compileValueConverter(parseSqlType(sqlDatatype))(text);

describe('compileValueConverter', () => {
  it.each([
    ['bigint', '-9223372036854775808', '-9223372036854775808'],
    [
      'numeric',
      '123456789012345678901234567890.000000000000000000001',
      '123456789012345678901234567890.000000000000000000001',
    ],
    ['numeric(5,2)', 'NaN', 'null'],
    ['numeric', '-Infinity', 'null'],
    ['double precision', 'Infinity', 'null'],
    ['real', '1e-45', '1e-45'],
    ['boolean', 't', 'true'],
    ['boolean', 'f', 'false'],
    ['text', 'a\n"b"\\', '"a\\n\\"b\\"\\\\"'],
    ['json', '{"a":\n1}', '{"a": 1}'],
    ['jsonb', '{"a": 1}', '{"a": 1}'],
    ['public.hstore', '"k"=>NULL', '{"k":null}'],
    ['timestamp with time zone', '2024-01-02 03:04:05.1+00', '"2024-01-02T03:04:05.100000+00:00"'],
    ['date', '2024-01-02', '"2024-01-02"'],
    ['integer[]', '{{1,NULL},{3,4}}', '[[1,null],[3,4]]'],
    ['numeric[]', '{NaN,1.50}', '[null,1.50]'],
    ['date[]', '{infinity,2024-01-01}', '["infinity","2024-01-01"]'],
    ['date', '5874897-12-31', '"5874897-12-31"'],
    ['bit(3)', '101', '"101"'],
  ])('%s %j', (type, text, json) => {
    expect(convert(type, text)).toBe(json);
  });
});

describe('temporal', () => {
  it.each([
    ['2024-01-02 03:04:05', '2024-01-02T03:04:05+00:00'],
    ['2024-01-02 03:04:05.000001+00', '2024-01-02T03:04:05.000001+00:00'],
    ['infinity', 'infinity'],
    ['-infinity', '-infinity'],
    ['0044-03-15 00:00:00+00 BC', '0044-03-15 00:00:00+00 BC'],
    ['294276-12-31 23:59:59.999999+00', '294276-12-31 23:59:59.999999+00'],
  ])('timestamp %s', (text, iso) => {
    expect(timestampToIso(text)).toBe(iso);
  });
});

describe('compileRecordSerializer', () => {
  it('writes one RECORD line with exact values, nulls, version and time_extracted', () => {
    const serialize = compileRecordSerializer({
      stream: 'public-t',
      columns: [
        { name: 'id', convert: compileValueConverter(parseSqlType('bigint')) },
        { name: 'na"me', convert: compileValueConverter(parseSqlType('text')) },
      ],
      version: 17,
      timeExtracted: '2024-01-01T00:00:00.000Z',
    });
    const line = serialize(['9007199254740993', null]);
    expect(line).toBe(
      '{"type":"RECORD","stream":"public-t","record":{"id":9007199254740993,"na\\"me":null},"version":17,"time_extracted":"2024-01-01T00:00:00.000Z"}',
    );
  });
});

describe('bookmarkValue', () => {
  it.each([
    ['integer', '5', 5],
    ['bigint', '9007199254740993', '9007199254740993'],
    ['numeric(5,2)', '1.50', '1.50'],
    ['numeric', '2.5', 2.5],
    ['timestamp with time zone', '2024-01-02 03:04:05+00', '2024-01-02T03:04:05+00:00'],
    ['date', '2024-01-02', '2024-01-02'],
    ['text', 'abc', 'abc'],
  ])('%s %s', (type, text, expected) => {
    expect(bookmarkValue(parseSqlType(type), text)).toEqual(expected);
  });
});

describe('big-value-bytea: hex is quoted without a JSON.stringify copy, to the same JSON', () => {
  it.each(['\\x0102ff', '\\x', '\\x"', '\\xé\n', '\\', '\\y', 'plain'])('%j', (text) => {
    expect(convert('bytea', text)).toBe(JSON.stringify(text));
    expect(convert('text', text)).toBe(JSON.stringify(text));
  });
});
