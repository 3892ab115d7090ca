import fc from 'fast-check';
import { JsonNumber, stringifyExact } from '../../src/input/json-number';
import { integerText, numberValue } from '../../src/input/number-text';
import { mayHoldRespelledNumber, parseJsonExact } from '../../src/input/parse-json-exact';

/** Any JSON number token: sign, integer part, fraction, exponent (with trailing zeros, -0, huge exponents). */
const token = fc
  .tuple(
    fc.constantFrom('', '-'),
    fc.stringMatching(/^(0|[1-9][0-9]{0,24})$/),
    fc.option(fc.stringMatching(/^[0-9]{1,20}$/), { nil: undefined }),
    fc.option(fc.stringMatching(/^[eE][+-]?[0-9]{1,3}$/), { nil: undefined }),
  )
  .map(([sign, int, frac, exp]) => `${sign}${int}${frac === undefined ? '' : `.${frac}`}${exp ?? ''}`);

describe('numbers keep the digits they were sent with', () => {
  it.each(['1.50', '0.000', '-0', '-0.0', '10289.60', '1e400', '-1E+400', '1e-400', '1.5e-330', '1E2', '0.0000001'])(
    '%s is parsed as its text',
    (text) => {
      expect(numberValue(text)).toEqual(new JsonNumber(text));
      expect(stringifyExact(parseJsonExact(`{"a":${text},"b":[${text}]}`))).toBe(`{"a":${text},"b":[${text}]}`);
    },
  );

  it('parses a number a double prints back as it came as a JS number', () => {
    expect(numberValue('1.5')).toBe(1.5);
    expect(numberValue('-12')).toBe(-12);
    expect(numberValue('1e+21')).toBe(1e21);
  });

  it('gives back every token of any JSON text exactly (property)', () => {
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 4 }), fc.constantFrom(' ', ''), (tokens, space) => {
        const compact = `{"k":${tokens[0]},"a":[${tokens.join(',')}]}`;
        const text = `{"k":${space}${tokens[0]},"a":[${tokens.join(`,${space}`)}]}`;
        expect(stringifyExact(parseJsonExact(text))).toBe(compact);
      }),
      { numRuns: 5000 },
    );
  });

  it('takes the exact parser only when a token may be respelled', () => {
    fc.assert(
      fc.property(token, (t) => {
        if (String(Number(t)) !== t) expect(mayHoldRespelledNumber(`[${t}]`)).toBe(true);
      }),
      { numRuns: 5000 },
    );
    expect(mayHoldRespelledNumber('{"a":1.5,"b":"2024-01-02T03:04:05.120000+00:00","c":[0,-1,10]}')).toBe(false);
  });
});

describe('integerText', () => {
  it.each([
    ['1', '1'],
    ['-0', '-0'],
    ['1.0', '1'],
    ['-1.000', '-1'],
    ['1e3', '1000'],
    ['1.5E1', '15'],
    ['12345678901234567890.0', '12345678901234567890'],
    ['9.223372036854775807e18', '9223372036854775807'],
    ['0.0', '0'],
    ['0e-5', '0'],
    ['1.5', '1.5'],
    ['1e-3', '1e-3'],
  ])('%s → %s', (text, integer) => {
    expect(integerText(text)).toBe(integer);
  });

  it('equals the value of any integral token, digit by digit (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.nat(8), fc.nat(3), (n, zeros, shift) => {
        // n × 10^shift written with a fraction of `zeros` zeros and an exponent that moves it back
        const digits = (n < 0n ? -n : n).toString();
        const text = `${n < 0n ? '-' : ''}${digits}${zeros > 0 ? `.${'0'.repeat(zeros)}` : ''}e${shift}`;
        const expected = n === 0n ? '0' : (n * 10n ** BigInt(shift)).toString();
        expect(integerText(text)).toBe(expected);
      }),
    );
  });
});
