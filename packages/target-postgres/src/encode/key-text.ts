/**
 * A batch dedupes rows by the text of their key fields, but PostgreSQL compares keys by value: `1.0` = `1`,
 * `…T00:00:00Z` = `…T00:00:00+00:00`, an upper-case uuid = its lower-case spelling. For the key types where other
 * taps send such spellings, the dedupe key is the value's one canonical text, so that equal keys share a slot.
 * Each canonicaliser first checks, cheaply, whether the text is already canonical (what our tap writes) and returns
 * it as it is. Spellings it cannot read stay as they are (the load collapses those by PostgreSQL's equality).
 */

import { formatTimestamp, localMinutes, readTimestamp, utcMinutes } from '../input/timestamp-text';

/** A key field's COPY text → the canonical text of its value. */
export type KeyCanonicalizer = (field: string) => string;

const INTEGER_OR_NUMERIC = /^(smallint|integer|bigint|numeric(\(\d+(,-?\d+)?\))?)$/;
const PLAIN_INTEGER = /^-?[1-9]\d*$/;
const DECIMAL = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,6}))?\s*$/;
const CANONICAL_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/;
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The canonicaliser of a key column of this type (as format_type prints it), or undefined when text is enough. */
export function keyCanonicalizer(type: string): KeyCanonicalizer | undefined {
  if (INTEGER_OR_NUMERIC.test(type)) return canonicalNumber;
  if (type === 'timestamp with time zone' || /^timestamp\(\d\) with time zone$/.test(type)) return canonicalInstant;
  if (type === 'timestamp without time zone' || /^timestamp\(\d\) without time zone$/.test(type)) return canonicalLocal;
  if (type === 'uuid') return canonicalUuid;
  if (/^character(\(\d+\))?$/.test(type)) return (field) => field.replace(/ +$/, '');
  return undefined;
}

/** A decimal number's digits without exponent, sign of zero, leading or trailing zeros: `1.50e1` → `15`. */
export function canonicalNumber(field: string): string {
  if (PLAIN_INTEGER.test(field)) return field;
  const m = DECIMAL.exec(field);
  if (m === null || (m[2] === '' && (m[3] ?? '') === '')) return field;
  const digits = `${m[2]}${m[3] ?? ''}`;
  const point = m[2].length + Number(m[4] ?? 0); // where the decimal point falls in `digits`
  const first = digits.search(/[1-9]/);
  if (first < 0) return '0';
  const last = digits.length - /0*$/.exec(digits)![0].length; // one past the last non-zero digit
  const significant = digits.slice(first, last);
  const intDigits = point - first; // significant digits before the point
  let text: string;
  if (intDigits <= 0) text = `0.${'0'.repeat(-intDigits)}${significant}`;
  else if (intDigits >= significant.length) text = significant + '0'.repeat(intDigits - significant.length);
  else text = `${significant.slice(0, intDigits)}.${significant.slice(intDigits)}`;
  return m[1] === '-' ? `-${text}` : text;
}

/** A date-time as its UTC instant in our tap's spelling (a naive one is UTC): `…T01:00:00+01:00` → `…T00:00:00+00:00`. */
export function canonicalInstant(field: string): string {
  if (CANONICAL_UTC.test(field) && !field.endsWith('.000000+00:00')) return field;
  const parts = readTimestamp(field);
  return parts === undefined ? field : canonicalText(utcMinutes(parts), parts.second, parts.micros, '+00:00');
}

/** A timestamp without time zone as its local part (PostgreSQL ignores an offset there). */
export function canonicalLocal(field: string): string {
  const parts = readTimestamp(field);
  return parts === undefined ? field : canonicalText(localMinutes(parts), parts.second, parts.micros, '');
}

/** A leap second (`…:60`) is the next minute's `:00`, as PostgreSQL reads it. */
function canonicalText(minutes: number, second: number, micros: number, suffix: string): string {
  return second === 60
    ? formatTimestamp(minutes + 1, 0, micros, suffix)
    : formatTimestamp(minutes, second, micros, suffix);
}

/** A uuid in lower case with hyphens (PostgreSQL also reads upper case, braces and missing hyphens). */
export function canonicalUuid(field: string): string {
  if (CANONICAL_UUID.test(field)) return field;
  const hex = field
    .replace(/^\{|\}$/g, '')
    .replace(/-/g, '')
    .toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return field;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
