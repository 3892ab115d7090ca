import { JsonNumber } from './json-number';

/**
 * Numbers are stored with the digits they were sent with (`1.50`, `-0`, `1e400`): a number token reaches COPY as
 * its text, never through a double. A parsed number is a JS number only when a double prints it back as the same
 * token; otherwise it is a JsonNumber holding the token.
 */

/** The parsed value of a JSON number token: a number when String(Number(token)) is the token, else its text. */
export function numberValue(token: string): number | JsonNumber {
  const value = Number(token);
  return String(value) === token ? value : new JsonNumber(token);
}

const PLAIN_INTEGER = /^-?\d+$/;
const NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
/** Longest run of zeros an exponent may add: beyond it the value is no column's integer (PostgreSQL refuses it). */
const MAX_ZEROS = 1000;

/**
 * The integer spelling of a JSON number token for an integer column (`1.0` → `1`, `1.5e1` → `15`, `1E+3` → `1000`),
 * computed on the digits; a token that is not an integral value stays as it is, for PostgreSQL to refuse.
 */
export function integerText(token: string): string {
  if (PLAIN_INTEGER.test(token)) return token;
  const match = NUMBER.exec(token);
  if (match === null) return token;
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const digits = (whole + fraction).replace(/^0+/, '');
  if (digits === '') return '0';
  let shift = Number(exponent) - fraction.length; // value = digits × 10^shift
  let end = digits.length;
  while (shift < 0 && digits.charCodeAt(end - 1) === 48 /* 0 */) {
    end--;
    shift++;
  }
  if (shift < 0 || shift > MAX_ZEROS) return token;
  return `${sign}${digits.slice(0, end)}${'0'.repeat(shift)}`;
}
