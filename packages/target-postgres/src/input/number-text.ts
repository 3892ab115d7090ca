import { Byte } from '@pgsinger/singer';
import { JsonNumber } from './json-number';

/** Significant digits a double always keeps: a number with more is kept as its text (JsonNumber). */
export const EXACT_DIGITS = 15;

/** Significant digits of a JSON number token (sign, dot, exponent, leading and trailing zeros not counted). */
export function significantDigits(token: string): number {
  return significantDigitsIn(token, 0, token.length);
}

/** significantDigits of text.slice(start, end), without slicing. */
export function significantDigitsIn(token: string, start: number, end: number): number {
  let first = -1;
  let last = -1;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = token.charCodeAt(i);
    if (c === Byte.LowerE || c === Byte.UpperE) break;
    if (c === Byte.Dot) {
      if (first >= 0) dots++;
      continue;
    }
    if (c < Byte.Zero || c > Byte.Nine) continue;
    if (first < 0) {
      if (c === Byte.Zero) continue;
      first = i;
      dots = 0;
    }
    if (c !== Byte.Zero) last = i;
  }
  if (first < 0) return 0;
  // A dot between the first and last significant digit is not a digit.
  return last - first + 1 - (dots > 0 && token.indexOf('.', first) < last ? 1 : 0);
}

/** A JSON number token as the generic path writes it: the exact digits past 15 significant digits, else String(Number). */
export function numberText(token: string): string {
  return significantDigits(token) > EXACT_DIGITS ? token : String(Number(token));
}

/** The parsed value of a JSON number token, as parseJsonExact returns it. */
export function numberValue(token: string): number | JsonNumber {
  return significantDigits(token) > EXACT_DIGITS ? new JsonNumber(token) : Number(token);
}

/** The shape of a JSON number token: digits only, with a fraction, or with an exponent. */
export const NUMBER_SHAPES = ['integer', 'decimal', 'exponent'] as const;
/** One of NUMBER_SHAPES. */
export type NumberShape = (typeof NUMBER_SHAPES)[number];

/**
 * True when numberText(text.slice(start, end)) is the token itself, so the raw token can be written as it came.
 * Decided from the characters for the common shapes (short integers, short decimals); computed otherwise.
 */
export function isCanonicalNumber(text: string, start: number, end: number, shape: NumberShape): boolean {
  const negative = text.charCodeAt(start) === Byte.Minus;
  const from = negative ? start + 1 : start;
  if (shape === 'integer' && end - from <= 16)
    return !(negative && end - from === 1 && text.charCodeAt(from) === Byte.Zero);
  // String(Number) drops trailing fraction zeros and writes values below 1e-6 with an exponent.
  if (
    shape === 'decimal' &&
    end - from <= 16 &&
    text.charCodeAt(end - 1) !== Byte.Zero &&
    !text.startsWith('0.000000', from)
  ) {
    return true;
  }
  // Past 15 significant digits the token is kept as it came (JsonNumber).
  if (significantDigitsIn(text, start, end) > EXACT_DIGITS) return true;
  const token = text.slice(start, end);
  return String(Number(token)) === token;
}

/** isCanonicalNumber of a number token held as (ASCII) bytes. */
export function isCanonicalNumberBytes(bytes: Buffer, start: number, end: number, shape: NumberShape): boolean {
  const negative = bytes[start] === Byte.Minus;
  const from = negative ? start + 1 : start;
  if (shape === 'integer' && end - from <= 16) return !(negative && end - from === 1 && bytes[from] === Byte.Zero);
  if (
    shape === 'decimal' &&
    end - from <= 16 &&
    bytes[end - 1] !== Byte.Zero &&
    !(bytes[from] === Byte.Zero && bytes[from + 2] === Byte.Zero)
  ) {
    return true;
  }
  if (significantDigitsOf(bytes, start, end) > EXACT_DIGITS) return true;
  const token = bytes.toString('latin1', start, end);
  return String(Number(token)) === token;
}

/** significantDigitsIn of a number token held as (ASCII) bytes. */
export function significantDigitsOf(bytes: Buffer, start: number, end: number): number {
  let first = -1;
  let last = -1;
  let dot = -1;
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c === Byte.LowerE || c === Byte.UpperE) break;
    if (c === Byte.Dot) dot = i;
    if (c < Byte.One || c > Byte.Nine) continue; // not 1-9: zeros count only between other digits
    if (first < 0) first = i;
    last = i;
  }
  if (first < 0) return 0;
  return last - first + 1 - (dot > first && dot < last ? 1 : 0);
}
