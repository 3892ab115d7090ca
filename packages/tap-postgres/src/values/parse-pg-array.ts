import { readQuoted, type TextPosition } from './quoted-text';

/** A parsed PostgreSQL array: nested arrays of element texts, `null` for SQL NULL elements. */
export type PgArray = (string | null | PgArray)[];

/** Parses PostgreSQL's text output of an array (`{1,NULL,"a \"b\""}`, `[0:1]={...}`, nested) (pure). */
export function parsePgArray(text: string, delimiter = ','): PgArray {
  // Explicit bounds (`[0:1]={...}`) precede the elements.
  const at: TextPosition = { pos: text.charCodeAt(0) === 91 /* [ */ ? text.indexOf('=') + 1 : 0 };
  const result = parseLevel(text, at, delimiter);
  if (at.pos !== text.length) throw malformed(text);
  return result;
}

const malformed = (text: string): Error => new Error(`malformed array literal: ${text.slice(0, 80)}`);

function parseLevel(text: string, at: TextPosition, delimiter: string): PgArray {
  if (text[at.pos] !== '{') throw malformed(text);
  const out: PgArray = [];
  at.pos += 1;
  if (text[at.pos] === '}') {
    at.pos += 1;
    return out;
  }
  for (;;) {
    const ch = text[at.pos];
    if (ch === '{') {
      out.push(parseLevel(text, at, delimiter));
    } else if (ch === '"') {
      const value = readQuoted(text, at);
      if (value === undefined) throw new Error(`unterminated quoted element in array: ${text.slice(0, 80)}`);
      out.push(value);
    } else {
      let end = at.pos;
      while (end < text.length && text[end] !== delimiter && text[end] !== '}') end += 1;
      const token = text.slice(at.pos, end);
      out.push(token === 'NULL' ? null : token);
      at.pos = end;
    }
    const sep = text[at.pos];
    at.pos += 1;
    if (sep === '}') return out;
    if (sep !== delimiter) throw malformed(text);
  }
}
