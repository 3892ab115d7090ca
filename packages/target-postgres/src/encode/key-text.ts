/**
 * A batch dedupes rows by the text of their key fields, but PostgreSQL compares keys by value: `1.0` = `1`,
 * `…T00:00:00Z` = `…T00:00:00+00:00`, an upper-case uuid = its lower-case spelling. For the key types where other
 * taps send such spellings, the dedupe key is the value's one canonical text, so that equal keys share a slot.
 * Each canonicaliser first checks, cheaply, whether the text is already canonical (what our tap writes) and returns
 * it as it is. Spellings it cannot read stay as they are (the load collapses those by PostgreSQL's equality).
 */

/** A key field's COPY text → the canonical text of its value. */
export type KeyCanonicalizer = (field: string) => string;

const INTEGER_OR_NUMERIC = /^(smallint|integer|bigint|numeric(\(\d+(,-?\d+)?\))?)$/;
const PLAIN_INTEGER = /^-?[1-9]\d*$/;
const DECIMAL = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,6}))?\s*$/;
const CANONICAL_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/;
const TIMESTAMP =
  /^\s*(\d{4})-(\d\d)-(\d\d)(?:[Tt ]+(\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,6}))?)?)?\s*(?:([Zz])|([+-])(\d\d)(?::?(\d\d))?)?\s*$/;
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

/** A date-time as its UTC instant in our tap's spelling (a naive one is UTC): `2020-01-01T01:00:00+01:00` → `…T00:00:00+00:00`. */
export function canonicalInstant(field: string): string {
  if (CANONICAL_UTC.test(field) && !field.endsWith('.000000+00:00')) return field;
  const parts = readTimestamp(field);
  if (parts === undefined) return field;
  const offsetMinutes = parts.offsetMinutes ?? 0;
  const epochMinutes = daysFromCivil(parts.year, parts.month, parts.day) * 1440 + parts.hour * 60 + parts.minute;
  return formatTimestamp(epochMinutes - offsetMinutes, parts.second, parts.micros, '+00:00');
}

/** A timestamp without time zone as its local part (PostgreSQL ignores an offset there). */
export function canonicalLocal(field: string): string {
  const parts = readTimestamp(field);
  if (parts === undefined) return field;
  const minutes = daysFromCivil(parts.year, parts.month, parts.day) * 1440 + parts.hour * 60 + parts.minute;
  return formatTimestamp(minutes, parts.second, parts.micros, '');
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

interface TimestampParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly micros: number;
  /** Undefined for a naive timestamp. */
  readonly offsetMinutes: number | undefined;
}

function readTimestamp(field: string): TimestampParts | undefined {
  const m = TIMESTAMP.exec(field);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 59) return undefined;
  const micros = Number((m[7] ?? '').padEnd(6, '0'));
  const sign = m[9] === '-' ? -1 : 1;
  const offsetMinutes =
    m[8] !== undefined ? 0 : m[9] !== undefined ? sign * (Number(m[10]) * 60 + Number(m[11] ?? 0)) : undefined;
  return { year, month, day, hour, minute, second, micros, offsetMinutes };
}

function formatTimestamp(epochMinutes: number, second: number, micros: number, suffix: string): string {
  const days = Math.floor(epochMinutes / 1440);
  const inDay = epochMinutes - days * 1440;
  const { year, month, day } = civilFromDays(days);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const fraction = micros === 0 ? '' : `.${pad(micros, 6)}`;
  return (
    `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(Math.floor(inDay / 60))}:${pad(inDay % 60)}:${pad(second)}` +
    `${fraction}${suffix}`
  );
}

// Howard Hinnant's days_from_civil / civil_from_days: proleptic Gregorian, day 0 = 1970-01-01.
function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z0: number): { year: number; month: number; day: number } {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp + (mp < 10 ? 3 : -9);
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
