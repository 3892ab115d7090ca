import fc from 'fast-check';
import { isMultipleOf } from '../../src/input/decimal-multiple';
import { JsonNumber } from '../../src/input/json-number';
import { plainCopy, removeKeywordAt, removeKeywords } from '../../src/input/usable-schema';

describe('isMultipleOf: decimals as written, not binary floating point', () => {
  it.each([
    [1234.57, 0.01, true],
    [12345678.91, 0.01, true],
    [0.3, 0.1, true],
    [1e-7, 1e-8, true],
    [1.5e21, 0.5, true],
    [1234.575, 0.01, false],
    [0.35, 0.1, false],
    [7, 2, false],
  ])('%p multipleOf %p → %p', (value, divisor, expected) => {
    expect(isMultipleOf(value, divisor)).toBe(expected);
  });

  it('every n × 0.01 with up to 13 digits is a multiple of 0.01', () => {
    fc.assert(
      fc.property(fc.integer({ min: -9_999_999_999_999, max: 9_999_999_999_999 }), (n) => {
        const value = Number(
          `${n < 0 ? '-' : ''}${String(Math.abs(n))
            .padStart(3, '0')
            .replace(/(\d\d)$/, '.$1')}`,
        );
        return isMultipleOf(value, 0.01);
      }),
    );
  });
});

describe('usable-schema', () => {
  it('plainCopy turns exact numbers into plain ones and copies deeply', () => {
    const schema = { properties: { b: { maximum: new JsonNumber('9223372036854775807') } } };
    const copy = plainCopy(schema) as { properties: { b: { maximum: number } } };
    expect(copy.properties.b.maximum).toBe(2 ** 63);
    expect(schema.properties.b.maximum).toBeInstanceOf(JsonNumber);
  });

  it('removeKeywordAt removes the keyword a meta-schema error points at or into', () => {
    const schema = {
      properties: {
        a: { type: ['string', 'datetime'], items: { type: 'bogus' } },
        'x/y': { anyOf: [{ type: 'string' }, 5] },
        c: 5,
      },
      dependencies: { d: 'e' },
    };
    expect(removeKeywordAt(schema, '/properties/a/type/1')).toBe('/properties/a/type');
    expect(removeKeywordAt(schema, '/properties/a/items/type')).toBe('/properties/a/items/type');
    expect(removeKeywordAt(schema, '/properties/x~1y/anyOf/1')).toBe('/properties/x~1y/anyOf/1');
    expect(removeKeywordAt(schema, '/properties/c')).toBe('/properties/c');
    expect(removeKeywordAt(schema, '/dependencies/d')).toBe('/dependencies/d');
    expect(removeKeywordAt(schema, '/properties/nope/type')).toBeUndefined();
    expect(schema).toEqual({
      properties: { a: { items: {} }, 'x/y': { anyOf: [{ type: 'string' }, true] } },
      dependencies: {},
    });
  });

  it('removeKeywords walks subschemas only, not property names', () => {
    const schema = { id: 'x', properties: { id: { type: 'integer' }, n: { items: { id: 'y' } } } };
    expect(removeKeywords(schema, 'id', () => true)).toEqual(['/id', '/properties/n/items/id']);
    expect(schema).toEqual({ properties: { id: { type: 'integer' }, n: { items: {} } } });
  });
});
