import { Byte } from '@pgsinger/singer';
import type { ByteSink } from './byte-sink';

/*
 * Fields of PostgreSQL's COPY text format as COPY TO writes them (pure): tab-separated, a row per line, `\N` for NULL,
 * and inside a value backslash escapes for the backslash itself and the control characters it must not hold raw
 * (`\b \f \n \r \t \v`); every other byte, control characters included, is the value's own.
 */
/** The byte each COPY escape letter stands for (0: not an escape COPY TO writes). */
const UNESCAPED = new Uint8Array(128);
UNESCAPED[0x62] = 0x08; // \b
UNESCAPED[0x66] = 0x0c; // \f
UNESCAPED[0x6e] = 0x0a; // \n
UNESCAPED[0x72] = 0x0d; // \r
UNESCAPED[0x74] = 0x09; // \t
UNESCAPED[0x76] = 0x0b; // \v
UNESCAPED[Byte.Backslash] = Byte.Backslash;

/** The end of the field starting at `start` (the tab after it, or `lineEnd`). */
export function fieldEnd(line: Buffer, start: number, lineEnd: number): number {
  let pos = start;
  while (pos < lineEnd && line[pos] !== Byte.Tab) pos += 1;
  return pos;
}

/** Whether the field starting at `start` is `\N`, SQL NULL (a value's own leading backslash is doubled). */
export const isNullAt = (line: Buffer, start: number): boolean =>
  line[start] === Byte.Backslash && line[start + 1] === Byte.UpperN;

/** The value of a non-NULL field as PostgreSQL printed it (escapes undone, UTF-8 decoded). */
export function fieldText(line: Buffer, start: number, end: number): string {
  let firstEscape = start;
  while (firstEscape < end && line[firstEscape] !== Byte.Backslash) firstEscape += 1;
  if (firstEscape === end) return line.toString('utf8', start, end);
  const raw = Buffer.allocUnsafe(end - start);
  let used = 0;
  for (let pos = start; pos < end; pos += 1) {
    const c = line[pos];
    if (c === Byte.Backslash && pos + 1 < end) {
      const next = line[pos + 1];
      raw[used++] = next < 128 && UNESCAPED[next] !== 0 ? UNESCAPED[next] : next;
      pos += 1;
    } else raw[used++] = c;
  }
  return raw.toString('utf8', 0, used);
}

/** JSON's spelling of each byte below 0x20 and of the quote and backslash; the other bytes stand as they are. */
const JSON_ESCAPES: readonly Buffer[] = Array.from({ length: 0x5d }, (_, c) =>
  Buffer.from(JSON.stringify(String.fromCharCode(c)).slice(1, -1), 'latin1'),
);
/** 1 for the bytes JSON_ESCAPES spells and the backslash of COPY's own escapes, 0 for bytes that stand as they are. */
const SPECIAL = new Uint8Array(256);
for (let c = 0; c < 0x20; c += 1) SPECIAL[c] = 1;
SPECIAL[Byte.Quote] = 1;
SPECIAL[Byte.Backslash] = 1;

/** Bytes kept free beyond a field's own length: its quotes and one escape. */
const ROOM = 8;

/**
 * Appends the field starting at `start` as a JSON string, spelled as JSON.stringify spells PostgreSQL's text of it,
 * in one pass over the bytes (UTF-8 passes through: the server checks what it sends a UTF-8 client, even from a
 * SQL_ASCII database); returns the field's end (its tab, or `lineEnd`).
 */
export function appendFieldAsJsonString(sink: ByteSink, line: Buffer, start: number, lineEnd: number): number {
  // Room for the field as it is; an escape (at most 6 bytes for 2 read) makes more room when it needs it.
  sink.reserve(ROOM + lineEnd - start);
  let out = sink.bytes;
  let used = sink.used;
  out[used++] = Byte.Quote;
  let pos = start;
  while (pos < lineEnd) {
    let c = line[pos];
    if (SPECIAL[c] === 0) {
      out[used++] = c;
      pos += 1;
      continue;
    }
    if (c === Byte.Tab) break;
    pos += 1;
    if (c === Byte.Backslash && pos < lineEnd) {
      const next = line[pos++];
      c = next < 128 && UNESCAPED[next] !== 0 ? UNESCAPED[next] : next;
      if (SPECIAL[c] === 0) {
        out[used++] = c;
        continue;
      }
    }
    if (used + ROOM + lineEnd - pos > out.length) {
      sink.used = used;
      sink.reserve(ROOM + lineEnd - pos);
      out = sink.bytes;
    }
    const escape = JSON_ESCAPES[c];
    for (let i = 0; i < escape.length; i += 1) out[used++] = escape[i];
  }
  out[used++] = Byte.Quote;
  sink.used = used;
  return pos;
}

/** Appends the field starting at `start` as it is (a number); returns its end. */
export function appendFieldAsIs(sink: ByteSink, line: Buffer, start: number, lineEnd: number): number {
  const stop = fieldEnd(line, start, lineEnd);
  sink.append(line, start, stop);
  return stop;
}

/** Whether a numeric or float field is a plain JSON number (not NaN or ±Infinity): it then goes out as it is. */
export function isFiniteNumberAt(line: Buffer, start: number): boolean {
  const first = line[start] === Byte.Minus ? start + 1 : start;
  return line[first] >= Byte.Zero && line[first] <= Byte.Nine;
}
