import fc from 'fast-check';
import { formatMessage, stringifyJson } from '../src';

describe('stringifyJson', () => {
  it('writes bigints as exact JSON numbers, where a double would round them', () => {
    expect(stringifyJson({ minimum: -(2n ** 63n), maximum: 2n ** 63n - 1n, n: 1.5 })).toBe(
      '{"minimum":-9223372036854775808,"maximum":9223372036854775807,"n":1.5}',
    );
    expect(JSON.stringify({ maximum: Number(2n ** 63n - 1n) })).toBe('{"maximum":9223372036854776000}');
    expect(stringifyJson([1n, { a: [2n] }], 2)).toBe('[\n  1,\n  {\n    "a": [\n      2\n    ]\n  }\n]');
  });

  it('is JSON.stringify for values without bigints (property)', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => expect(stringifyJson(value)).toBe(JSON.stringify(value))));
  });

  it('is what formatMessage writes', () => {
    const schema = {
      type: 'SCHEMA',
      stream: 's',
      schema: { properties: { id: { maximum: 2n ** 63n - 1n } } },
      key_properties: [],
    } as const;
    expect(formatMessage(schema)).toBe(
      '{"type":"SCHEMA","stream":"s","schema":{"properties":{"id":{"maximum":9223372036854775807}}},"key_properties":[]}',
    );
  });
});
