import type { ByteSink } from './byte-sink';

/**
 * The byte forms of values/temporal.ts for COPY fields (pure): a timestamp or date that an ISO date-time holds is
 * rewritten in place of the text round trip; anything else (infinity, BC, years past 9999) returns false and goes
 * the text way.
 */

/** A byte pattern: `9` stands for any digit, every other byte for itself. */
const DATE_PATTERN = Buffer.from('9999-99-99');
const TIME_PATTERN = Buffer.from('99:99:99');

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** Whether the bytes at `at` follow `pattern`. */
function matchesAt(line: Buffer, at: number, pattern: Buffer): boolean {
  for (let i = 0; i < pattern.length; i += 1) {
    const c = line[at + i];
    if (pattern[i] === 0x39 ? !isDigit(c) : c !== pattern[i]) return false;
  }
  return true;
}

const ZONE = Buffer.from('+00:00"');
const MIDNIGHT = Buffer.from('T00:00:00+00:00"');

/** `"YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00"` for `YYYY-MM-DD HH:MM:SS[.f{1,6}][+00]`; false for any other text. */
export function appendIsoTimestamp(sink: ByteSink, line: Buffer, start: number, end: number): boolean {
  const length = end - start;
  if (
    length < 19 ||
    !matchesAt(line, start, DATE_PATTERN) ||
    line[start + 10] !== 0x20 ||
    !matchesAt(line, start + 11, TIME_PATTERN)
  ) {
    return false;
  }
  let pos = start + 19;
  let fractionStart = pos;
  let fractionEnd = pos;
  if (pos < end && line[pos] === 0x2e /* . */) {
    fractionStart = pos + 1;
    fractionEnd = fractionStart;
    while (fractionEnd < end && isDigit(line[fractionEnd])) fractionEnd += 1;
    const digits = fractionEnd - fractionStart;
    if (digits < 1 || digits > 6) return false;
    pos = fractionEnd;
  }
  if (pos !== end && !(end - pos === 3 && line[pos] === 0x2b && line[pos + 1] === 0x30 && line[pos + 2] === 0x30)) {
    return false; // only +00 (the session is UTC): other offsets are not ISO date-times of this form
  }
  sink.reserve(40);
  const out = sink.bytes;
  let used = sink.used;
  out[used++] = 0x22;
  line.copy(out, used, start, start + 19);
  out[used + 10] = 0x54; // T
  used += 19;
  if (fractionEnd > fractionStart) {
    out[used++] = 0x2e;
    for (let i = fractionStart; i < fractionEnd; i += 1) out[used++] = line[i];
    for (let i = fractionEnd - fractionStart; i < 6; i += 1) out[used++] = 0x30;
  }
  ZONE.copy(out, used);
  sink.used = used + ZONE.length;
  return true;
}

/** `"YYYY-MM-DDT00:00:00+00:00"` for `YYYY-MM-DD`; false for any other text. */
export function appendIsoDate(sink: ByteSink, line: Buffer, start: number, end: number): boolean {
  if (end - start !== 10 || !matchesAt(line, start, DATE_PATTERN)) return false;
  sink.reserve(28);
  sink.bytes[sink.used++] = 0x22;
  line.copy(sink.bytes, sink.used, start, end);
  sink.used += 10;
  sink.append(MIDNIGHT);
  return true;
}
