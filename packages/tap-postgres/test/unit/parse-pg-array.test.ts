import fc from 'fast-check';
import { parsePgArray } from '../../src/values/parse-pg-array';
import { parseHstore } from '../../src/values/parse-hstore';

/** PostgreSQL's array_out quoting of one element. */
const quoteElement = (value: string | null): string =>
  value === null ? 'NULL' : `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

describe('parsePgArray', () => {
  it.each([
    ['{}', []],
    ['{1,2,3}', ['1', '2', '3']],
    ['{NULL,"NULL"}', [null, 'NULL']],
    [
      '{{1,2},{3,4}}',
      [
        ['1', '2'],
        ['3', '4'],
      ],
    ],
    ['{{},{}}', [[], []]],
    ['[0:1]={7,8}', ['7', '8']],
    ['[1:1][2:3]={{a,b}}', [['a', 'b']]],
    ['{"a \\"b\\"","c\\\\d","e,f","{}"}', ['a "b"', 'c\\d', 'e,f', '{}']],
  ])('%s', (text, expected) => {
    expect(parsePgArray(text)).toEqual(expected);
  });

  it('splits box arrays on semicolons', () => {
    expect(parsePgArray('{(1,1),(0,0);(2,2),(1,1)}', ';')).toEqual(['(1,1),(0,0)', '(2,2),(1,1)']);
  });

  it('rejects malformed input', () => {
    expect(() => parsePgArray('{1,2')).toThrow(/malformed/);
    expect(() => parsePgArray('{"a}')).toThrow(/unterminated/);
  });

  it('round-trips any quoted elements', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.string(), { nil: null })), (values) => {
        expect(parsePgArray(`{${values.map(quoteElement).join(',')}}`)).toEqual(values);
      }),
    );
  });
});

describe('parseHstore', () => {
  it.each([
    ['', {}],
    ['"a"=>"1"', { a: '1' }],
    ['"a"=>"1", "b c"=>NULL, "q\\"x"=>"v\\\\y"', { a: '1', 'b c': null, 'q"x': 'v\\y' }],
    ['"NULL"=>"NULL"', { NULL: 'NULL' }],
  ])('%s', (text, expected) => {
    expect(parseHstore(text)).toEqual(expected);
  });

  it('rejects malformed input', () => {
    expect(() => parseHstore('"a"=1')).toThrow(/malformed hstore/);
  });
});
