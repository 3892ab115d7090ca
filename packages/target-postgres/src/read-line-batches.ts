import { isUtf8 } from 'node:buffer';
import { MessageParseError } from '@pgsinger/singer';

/** One non-blank input line as UTF-8 bytes (no newline, no CR), its 1-based number (blank lines count). */
export interface NumberedLine {
  readonly bytes: Buffer;
  readonly lineNumber: number;
  /** False when the bytes are not valid UTF-8 (decoding replaces the invalid sequences, as a text stream would). */
  readonly utf8: boolean;
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
): AsyncGenerator<NumberedLine[]> {
  const max = options.maxLineBytes ?? MAX_LINE_BYTES;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineNumber = 0;
  const take = (line: Buffer, utf8: boolean | undefined, out: NumberedLine[]): void => {
    lineNumber++;
    const end = line.length > 0 && line[line.length - 1] === 13 ? line.length - 1 : line.length;
    if (end > max) throw tooLong(lineNumber, max);
    if (isBlank(line, end)) return;
    const bytes = line.subarray(0, end);
    out.push({ bytes, lineNumber, utf8: utf8 ?? isUtf8(bytes) });
  };
  for await (const data of input as AsyncIterable<Buffer | string>) {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    const out: NumberedLine[] = [];
    let start = 0;
    let end = chunk.indexOf(NEWLINE);
    if (end >= 0) {
      const first = pendingBytes === 0 ? chunk.subarray(0, end) : Buffer.concat([...pending, chunk.subarray(0, end)]);
      take(first, undefined, out);
      pending = [];
      pendingBytes = 0;
      start = end + 1;
      const last = chunk.lastIndexOf(NEWLINE);
      // Whole lines between the first and the last newline: one UTF-8 check for all of them.
      const valid = last > start ? isUtf8(chunk.subarray(start, last)) : true;
      while ((end = chunk.indexOf(NEWLINE, start)) >= 0) {
        take(chunk.subarray(start, end), valid ? true : undefined, out);
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
    const out: NumberedLine[] = [];
    take(Buffer.concat(pending), undefined, out);
    if (out.length > 0) yield out;
  }
}

/** True when the line holds only whitespace (ASCII here; other Unicode blanks are left to the caller's trim). */
function isBlank(line: Buffer, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = line[i];
    if (c !== 32 && c !== 9 && c !== 13 && c !== 11 && c !== 12) return false;
  }
  return true;
}

function tooLong(lineNumber: number, max: number): MessageParseError {
  return new MessageParseError(
    `line is longer than the maximum of ${max} bytes`,
    lineNumber,
    'LINE_TOO_LONG',
    'make the tap write smaller records',
  );
}
