/** Where a parser of PostgreSQL's text output is (moved by the readers it calls). */
export interface TextPosition {
  pos: number;
}

/**
 * Reads the double-quoted string whose opening quote is at `at.pos`, as array_out and hstore_out quote (a backslash
 * takes the next character as it is), and moves `at.pos` past the closing quote; undefined when the text ends first.
 */
export function readQuoted(text: string, at: TextPosition): string | undefined {
  let pos = at.pos + 1;
  let value = '';
  let chunkStart = pos;
  for (;;) {
    const c = text[pos];
    if (c === undefined) return undefined;
    if (c === '\\') {
      value += text.slice(chunkStart, pos) + text[pos + 1];
      pos += 2;
      chunkStart = pos;
    } else if (c === '"') {
      at.pos = pos + 1;
      return value + text.slice(chunkStart, pos);
    } else {
      pos += 1;
    }
  }
}
