/**
 * Date-time texts as taps write them (ISO 8601 with `T` or a space, with or without fraction and offset; a naive
 * one is UTC), read without Date's millisecond limit: the dedupe key of a timestamp, the best reading of an odd
 * `_sdc_deleted_at`, and what `format: date-time` accepts under `validate_records`.
 */

/** A date-time's fields; `offsetMinutes` undefined for a naive one. */
export interface TimestampParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly micros: number;
  readonly offsetMinutes: number | undefined;
}

const DATE = String.raw`(\d{4})-(\d\d)-(\d\d)`;
const TIME = String.raw`(?:[Tt ]+(\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?)?`;
// Spaces only (no tabs or line breaks): a text that matches is safe to write into COPY text as it is.
const OFFSET = String.raw` *(?:([Zz])|([+-])(\d\d)(?::?(\d\d))?)?`;
const STRICT = new RegExp(String.raw`^ *${DATE}${TIME}${OFFSET} *$`);
// tap-mysql writes `…+00:00+00:00`: further offsets after the first are ignored by the lenient reading.
const LENIENT = new RegExp(String.raw`^ *${DATE}${TIME}${OFFSET}(?: *(?:[Zz]|[+-]\d\d(?::?\d\d)?))* *$`);
// What PostgreSQL reads as a timestamp beyond the ISO forms above: infinity, BC, years past 9999, seconds offsets.
const POSTGRES_DATE_TIME =
  /^\s*(?:[+-]?infinity|\d{4,}-\d{1,2}-\d{1,2}(?:[Tt ]+\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?)?\s*(?:[Zz]|[+-]\d{1,2}(?::?\d\d){0,2})?(?:\s+BC)?)\s*$/;
const POSTGRES_DATE = /^\s*(?:[+-]?infinity|\d{4,}-\d{1,2}-\d{1,2}(?:\s+BC)?)\s*$/;
const POSTGRES_TIME = /^\s*\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:[Zz]|[+-]\d{1,2}(?::?\d\d){0,2})?\s*$/;

/** The fields of an ISO date-time (fraction up to microseconds), or undefined. */
export function readTimestamp(text: string): TimestampParts | undefined {
  return partsOf(STRICT.exec(text), false);
}

/** Like readTimestamp, also reading repeated offsets (the first counts) and fractions past microseconds (cut). */
export function readTimestampLeniently(text: string): TimestampParts | undefined {
  return partsOf(LENIENT.exec(text), true);
}

/** True for `infinity` and `-infinity`. */
export function isInfinityText(text: string): boolean {
  return /^[+-]?infinity$/i.test(text);
}

/** True for a date-time text PostgreSQL reads (what `format: date-time` accepts under validate_records). */
export function isDateTimeText(text: string): boolean {
  return POSTGRES_DATE_TIME.test(text) || readTimestampLeniently(text) !== undefined;
}

/** True for a date text PostgreSQL reads, also a date-time at midnight as pipelinewise spells dates. */
export function isDateText(text: string): boolean {
  return POSTGRES_DATE.test(text) || isDateTimeText(text);
}

/** True for a time of day, with or without offset. */
export function isTimeText(text: string): boolean {
  return POSTGRES_TIME.test(text);
}

/** Minutes since 1970-01-01T00:00 of the parts' local time minus their offset (a naive time is UTC). */
export function utcMinutes(parts: TimestampParts): number {
  const local = daysFromCivil(parts.year, parts.month, parts.day) * 1440 + parts.hour * 60 + parts.minute;
  return local - (parts.offsetMinutes ?? 0);
}

/** Minutes since 1970-01-01T00:00 of the parts' local time, offset ignored. */
export function localMinutes(parts: TimestampParts): number {
  return daysFromCivil(parts.year, parts.month, parts.day) * 1440 + parts.hour * 60 + parts.minute;
}

/** `YYYY-MM-DDTHH:MM:SS[.ffffff]<suffix>` (the fraction left out when zero), as our tap writes UTC date-times. */
export function formatTimestamp(minutes: number, second: number, micros: number, suffix: string): string {
  const days = Math.floor(minutes / 1440);
  const inDay = minutes - days * 1440;
  const { year, month, day } = civilFromDays(days);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const fraction = micros === 0 ? '' : `.${pad(micros, 6)}`;
  return (
    `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(Math.floor(inDay / 60))}:${pad(inDay % 60)}:${pad(second)}` +
    `${fraction}${suffix}`
  );
}

function partsOf(m: RegExpExecArray | null, cutFraction: boolean): TimestampParts | undefined {
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 24 || minute > 59 || second > 60 || (hour === 24 && minute + second > 0)) return undefined;
  const fraction = m[7] ?? '';
  if (fraction.length > 6 && !cutFraction) return undefined;
  const micros = Number(fraction.slice(0, 6).padEnd(6, '0'));
  const sign = m[9] === '-' ? -1 : 1;
  const offsetMinutes =
    m[8] !== undefined ? 0 : m[9] !== undefined ? sign * (Number(m[10]) * 60 + Number(m[11] ?? 0)) : undefined;
  return { year, month, day, hour, minute, second, micros, offsetMinutes };
}

function daysInMonth(year: number, month: number): number {
  return month === 12 ? 31 : daysFromCivil(year, month + 1, 1) - daysFromCivil(year, month, 1);
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
