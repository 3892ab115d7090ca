import { isUtf8 } from 'node:buffer';
import { lineTooLongError } from '@pgsinger/singer';

/**
 * The non-blank lines of one input chunk, as parallel arrays (no object or Buffer view per line): line i is
 * `buffers[i]` from `starts[i]` to `ends[i]` (no newline, no CR; the byte at `ends[i]` is the CR or newline that ended
 * it, when there is one), its 1-based number (blank lines count), and whether it is valid UTF-8 (when not, decoding replaces
 * the invalid sequences, as a text stream would).
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
 * Default longest accepted line: 500 MiB (as @pgsinger/singer's readLines), just under V8's longest string
 * (2^29 - 24 characters): a 100 MB bytea is 200 MB of hex in one line.
 */
export const MAX_LINE_BYTES = 500 * 1024 * 1024;

const NEWLINE = 10;

/**
 * Splits input into lines of bytes one chunk at a time: one `await` per chunk instead of one per line, and no
 * decoding to strings (the fast path copies record bytes straight into COPY rows). Each chunk's complete lines are
 * checked as UTF-8 in one call. CRLF and blank lines tolerated; over-long lines refused.
 */
export async function* readLineBatches(
  input: NodeJS.ReadableStream,
  options: { readonly maxLineBytes?: number } = {},
): AsyncGenerator<LineBatch> {
  const max = options.maxLineBytes ?? MAX_LINE_BYTES;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineNumber = 0;
  const take = (buffer: Buffer, start: number, end: number, utf8: boolean | undefined, out: LineBatch): void => {
    lineNumber++;
    if (end > start && buffer[end - 1] === 13) end--;
    if (end - start > max) throw tooLong(lineNumber, max);
    if (isBlank(buffer, start, end)) return;
    out.push(buffer, start, end, lineNumber, utf8 ?? isUtf8(buffer.subarray(start, end)));
  };
  for await (const data of input as AsyncIterable<Buffer | string>) {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    const out = new LineBatch();
    let start = 0;
    let end = chunk.indexOf(NEWLINE);
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
      const last = chunk.lastIndexOf(NEWLINE);
      // Whole lines between the first and the last newline: one UTF-8 check for all of them.
      const valid = last > start ? isUtf8(chunk.subarray(start, last)) : true;
      while ((end = chunk.indexOf(NEWLINE, start)) >= 0) {
        take(chunk, start, end, valid ? true : undefined, out);
        start = end + 1;
      }
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > max + 1) throw tooLong(lineNumber + 1, max);
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
    if (c !== 32 && c !== 9 && c !== 13 && c !== 11 && c !== 12) return false;
  }
  return true;
}

const tooLong = (lineNumber: number, max: number): Error =>
  lineTooLongError(lineNumber, max, 'make the tap write smaller records');
