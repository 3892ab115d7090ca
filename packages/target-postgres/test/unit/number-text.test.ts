import fc from 'fast-check';
import {
  isCanonicalNumber,
  isCanonicalNumberBytes,
  significantDigits,
  significantDigitsOf,
} from '../../src/input/number-text';

const token = fc
  .tuple(
    fc.constantFrom('', '-'),
    fc.stringMatching(/^(0|[1-9][0-9]{0,24})$/),
    fc.option(fc.stringMatching(/^[0-9]{1,20}$/), { nil: undefined }),
    fc.option(fc.stringMatching(/^[eE][+-]?[0-9]{1,3}$/), { nil: undefined }),
  )
  .map(([sign, int, frac, exp]) => `${sign}${int}${frac === undefined ? '' : `.${frac}`}${exp ?? ''}`);

describe('number tokens as bytes', () => {
  it('count significant digits and decide canonical spelling as the string functions do', () => {
    fc.assert(
      fc.property(token, (t) => {
        const padded = Buffer.from(`[${t},`);
        expect(significantDigitsOf(padded, 1, t.length + 1)).toBe(significantDigits(t));
        const shape = /[eE]/.test(t) ? 'exponent' : t.includes('.') ? 'decimal' : 'integer';
        expect(isCanonicalNumberBytes(padded, 1, t.length + 1, shape)).toBe(isCanonicalNumber(t, 0, t.length, shape));
      }),
      { numRuns: 5000 },
    );
  });
});
