import { isUtf8 } from 'node:buffer';
import { MessageParseError } from '../errors';
import { Byte } from './bytes';

/**
 * Default longest accepted input line: 500 MiB, just under V8's longest string (2^29 - 24 characters), so that a
 * 100 MB bytea (200 MB of `\x…` hex) fits in one RECORD line.
 */
export const DEFAULT_MAX_LINE_BYTES = 500 * 1024 * 1024;

/** Options of `readLineBatches` (and of `readLines`, `readMessages`). */
export interface ReadLinesOptions {
  /** Longest accepted line in UTF-8 bytes (default 500 MiB). */
  readonly maxLineBytes?: number;
}

/**
 * The non-blank lines of one input chunk, as parallel arrays (no object or Buffer view per line): line i is
 * `buffers[i]` from `starts[i]` to `ends[i]` (no newline, no CR; the byte at `ends[i]` is the CR or newline that ended
 * it, when there is one), its 1-based number (blank lines count), and whether it is valid UTF-8 (when not, decoding
 * replaces the invalid sequences, as a text stream would).
 */
export class LineBatch {
  readonly buffers: Buffer[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly lineNumbers: number[] = [];
  readonly utf8: boolean[] = [];

  get length(): number {
    return this.starts.length;
  }

  /** Line i's bytes as a string. */
  text(i: number): string {
    return this.buffers[i].toString('utf8', this.starts[i], this.ends[i]);
  }

  push(buffer: Buffer, start: number, end: number, lineNumber: number, utf8: boolean): void {
    this.buffers.push(buffer);
    this.starts.push(start);
    this.ends.push(end);
    this.lineNumbers.push(lineNumber);
    this.utf8.push(utf8);
  }
}

/**
 * The one reader of Singer input: splits a byte stream into lines one chunk at a time, with one `await` per chunk
 * instead of one per line and no decoding to strings (a target can copy record bytes straight into its output). Each
 * chunk's complete lines are checked as UTF-8 in one call. CRLF and blank lines tolerated; a line over the maximum
 * (also one still arriving) throws `MessageParseError` LINE_TOO_LONG naming it.
 */
export async function* readLineBatches(
  input: NodeJS.ReadableStream,
  options: ReadLinesOptions = {},
): AsyncGenerator<LineBatch> {
  const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineNumber = 0;
  const take = (buffer: Buffer, start: number, end: number, utf8: boolean | undefined, out: LineBatch): void => {
    lineNumber++;
    if (end > start && buffer[end - 1] === Byte.CarriageReturn) end--;
    if (end - start > max) throw lineTooLongError(lineNumber, max);
    if (isBlank(buffer, start, end)) return;
    out.push(buffer, start, end, lineNumber, utf8 ?? isUtf8(buffer.subarray(start, end)));
  };
  for await (const data of input as AsyncIterable<Buffer | string>) {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    const out = new LineBatch();
    let start = 0;
    let end = chunk.indexOf(Byte.Newline);
    if (end >= 0) {
      if (pendingBytes === 0) {
        take(chunk, 0, end, undefined, out);
      } else {
        const first = Buffer.concat([...pending, chunk.subarray(0, end)]);
        take(first, 0, first.length, undefined, out);
      }
      pending = [];
      pendingBytes = 0;
      start = end + 1;
      const last = chunk.lastIndexOf(Byte.Newline);
      // Whole lines between the first and the last newline: one UTF-8 check for all of them.
      const valid = last > start ? isUtf8(chunk.subarray(start, last)) : true;
      while ((end = chunk.indexOf(Byte.Newline, start)) >= 0) {
        take(chunk, start, end, valid ? true : undefined, out);
        start = end + 1;
      }
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      // One byte more than the maximum may be the CR of a CRLF.
      if (pendingBytes > max + 1) throw lineTooLongError(lineNumber + 1, max);
    }
    if (out.length > 0) yield out;
  }
  if (pendingBytes > 0) {
    const out = new LineBatch();
    const line = Buffer.concat(pending);
    take(line, 0, line.length, undefined, out);
    if (out.length > 0) yield out;
  }
}

/** True when the line holds only whitespace (ASCII here; other Unicode blanks are left to the caller's trim). */
function isBlank(line: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = line[i];
    if (
      c !== Byte.Space &&
      c !== Byte.Tab &&
      c !== Byte.CarriageReturn &&
      c !== Byte.VerticalTab &&
      c !== Byte.FormFeed
    ) {
      return false;
    }
  }
  return true;
}

/** The error for an input line longer than the maximum (LINE_TOO_LONG), naming the line. */
export function lineTooLongError(
  lineNumber: number,
  maxLineBytes: number,
  fix = 'make the tap write smaller records',
): MessageParseError {
  return new MessageParseError(
    `line is longer than the maximum of ${maxLineBytes} bytes`,
    lineNumber,
    'LINE_TOO_LONG',
    fix,
  );
}
