import { MessageParseError } from '@pgsinger/singer';

/** One non-blank input line and its 1-based number (blank lines count). */
export interface NumberedLine {
  readonly line: string;
  readonly lineNumber: number;
}

/**
 * Default longest accepted line: 500 MiB (as @pgsinger/singer's readLines), just under V8's longest string
 * (2^29 - 24 characters): a 100 MB bytea is 200 MB of hex in one line.
 */
export const MAX_LINE_CHARS = 500 * 1024 * 1024;

/**
 * Splits input into lines one chunk at a time: one `await` per chunk instead of one per line (per-line async
 * iteration cost about as much as JSON.parse itself). CRLF and blank lines tolerated; over-long lines refused.
 */
export async function* readLineBatches(
  input: NodeJS.ReadableStream,
  options: { readonly maxLineChars?: number } = {},
): AsyncGenerator<NumberedLine[]> {
  const max = options.maxLineChars ?? MAX_LINE_CHARS;
  input.setEncoding('utf8');
  let rest = '';
  let lineNumber = 0;
  const take = (text: string, out: NumberedLine[]): void => {
    lineNumber++;
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (line.length > max) throw tooLong(lineNumber, max);
    if (line.trim() !== '') out.push({ line, lineNumber });
  };
  for await (const chunk of input as AsyncIterable<string>) {
    const out: NumberedLine[] = [];
    let start = 0;
    let end = chunk.indexOf('\n');
    if (end >= 0) {
      take(rest + chunk.slice(0, end), out);
      rest = '';
      start = end + 1;
      while ((end = chunk.indexOf('\n', start)) >= 0) {
        take(chunk.slice(start, end), out);
        start = end + 1;
      }
    }
    rest += chunk.slice(start);
    if (rest.length > max) throw tooLong(lineNumber + 1, max);
    if (out.length > 0) yield out;
  }
  if (rest !== '') {
    const out: NumberedLine[] = [];
    take(rest, out);
    if (out.length > 0) yield out;
  }
}

function tooLong(lineNumber: number, max: number): MessageParseError {
  return new MessageParseError(
    `line is longer than the maximum of ${max} characters`,
    lineNumber,
    'LINE_TOO_LONG',
    'make the tap write smaller records',
  );
}
