/** A parsed PostgreSQL array: nested arrays of element texts, `null` for SQL NULL elements. */
export type PgArray = (string | null | PgArray)[];

/** Parses PostgreSQL's text output of an array (`{1,NULL,"a \"b\""}`, `[0:1]={...}`, nested) (pure). */
export function parsePgArray(text: string, delimiter = ','): PgArray {
  let pos = 0;
  if (text.charCodeAt(0) === 91 /* [ */) {
    pos = text.indexOf('=') + 1;
  }
  const [result, end] = parseLevel(text, pos, delimiter);
  if (end !== text.length) throw new Error(`malformed array literal: ${text.slice(0, 80)}`);
  return result;
}

function parseLevel(text: string, start: number, delimiter: string): [PgArray, number] {
  if (text[start] !== '{') throw new Error(`malformed array literal: ${text.slice(0, 80)}`);
  const out: PgArray = [];
  let pos = start + 1;
  if (text[pos] === '}') return [out, pos + 1];
  for (;;) {
    const ch = text[pos];
    if (ch === '{') {
      const [inner, next] = parseLevel(text, pos, delimiter);
      out.push(inner);
      pos = next;
    } else if (ch === '"') {
      let value = '';
      let chunkStart = pos + 1;
      pos += 1;
      for (;;) {
        const c = text[pos];
        if (c === undefined) throw new Error(`unterminated quoted element in array: ${text.slice(0, 80)}`);
        if (c === '\\') {
          value += text.slice(chunkStart, pos) + text[pos + 1];
          pos += 2;
          chunkStart = pos;
        } else if (c === '"') {
          value += text.slice(chunkStart, pos);
          pos += 1;
          break;
        } else {
          pos += 1;
        }
      }
      out.push(value);
    } else {
      let end = pos;
      while (end < text.length && text[end] !== delimiter && text[end] !== '}') end += 1;
      const token = text.slice(pos, end);
      out.push(token === 'NULL' ? null : token);
      pos = end;
    }
    const sep = text[pos];
    if (sep === '}') return [out, pos + 1];
    if (sep !== delimiter) throw new Error(`malformed array literal: ${text.slice(0, 80)}`);
    pos += 1;
  }
}
