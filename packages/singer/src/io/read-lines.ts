import { pipeline } from 'node:stream';
import split2 from 'split2';
import { MessageParseError } from '../errors';

/**
 * Default longest accepted input line: 500 MiB, just under V8's longest string (2^29 - 24 characters), so that a
 * 100 MB bytea (200 MB of `\x…` hex) fits in one RECORD line.
 */
export const DEFAULT_MAX_LINE_BYTES = 500 * 1024 * 1024;

/** Options of `readLines`. */
export interface ReadLinesOptions {
  /** Longest accepted line in UTF-8 bytes (default 500 MiB). */
  readonly maxLineBytes?: number;
}

/** One non-blank input line with its 1-based line number (blank lines still count). */
export interface InputLine {
  readonly line: string;
  readonly lineNumber: number;
}

/** Splits a byte stream into lines (split2 + `for await`); CRLF and blank lines tolerated, long lines refused. */
export async function* readLines(
  input: NodeJS.ReadableStream,
  options: ReadLinesOptions = {},
): AsyncGenerator<InputLine> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  // split2 bounds the partial line it buffers (in characters, always <= bytes); whole lines are checked below.
  let linesSplit = 0; // counted as split2 cuts them, so an overflow names the right line even if lines were queued
  const splitter = split2(
    '\n',
    (text: string) => {
      linesSplit += 1;
      return text;
    },
    { maxLength: maxLineBytes },
  );
  pipeline(input, splitter, () => undefined);
  let lineNumber = 0;
  try {
    for await (const chunk of splitter as AsyncIterable<string>) {
      lineNumber += 1;
      const line = chunk.endsWith('\r') ? chunk.slice(0, -1) : chunk;
      // A UTF-16 unit is at most 3 UTF-8 bytes: count bytes only when the line could be too long.
      if (line.length * 3 > maxLineBytes && Buffer.byteLength(line, 'utf8') > maxLineBytes) {
        throw lineTooLongError(lineNumber, maxLineBytes);
      }
      if (line.trim() === '') continue;
      yield { line, lineNumber };
    }
  } catch (error) {
    if (error instanceof Error && error.message === 'maximum buffer reached')
      throw lineTooLongError(linesSplit + 1, maxLineBytes);
    throw error;
  } finally {
    splitter.destroy();
  }
}

/** The error for an input line longer than the maximum (LINE_TOO_LONG), naming the line. */
export function lineTooLongError(
  lineNumber: number,
  maxLineBytes: number,
  fix = 'raise the maximum line length option or make the tap write smaller records',
): MessageParseError {
  return new MessageParseError(
    `line is longer than the maximum of ${maxLineBytes} bytes`,
    lineNumber,
    'LINE_TOO_LONG',
    fix,
  );
}
