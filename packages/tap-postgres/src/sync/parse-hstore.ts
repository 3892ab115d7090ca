/** Parses hstore's text output (`"a"=>"1", "b"=>NULL`) into an object of string or null values (pure). */
export function parseHstore(text: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  let pos = 0;
  const length = text.length;
  const skipSpace = (): void => {
    while (pos < length && (text[pos] === ' ' || text[pos] === ',')) pos += 1;
  };
  const readQuoted = (): string => {
    if (text[pos] !== '"') throw new Error(`malformed hstore: ${text.slice(0, 80)}`);
    pos += 1;
    let value = '';
    let chunkStart = pos;
    for (;;) {
      const c = text[pos];
      if (c === undefined) throw new Error(`malformed hstore: ${text.slice(0, 80)}`);
      if (c === '\\') {
        value += text.slice(chunkStart, pos) + text[pos + 1];
        pos += 2;
        chunkStart = pos;
      } else if (c === '"') {
        value += text.slice(chunkStart, pos);
        pos += 1;
        return value;
      } else {
        pos += 1;
      }
    }
  };
  skipSpace();
  while (pos < length) {
    const key = readQuoted();
    if (text.slice(pos, pos + 2) !== '=>') throw new Error(`malformed hstore: ${text.slice(0, 80)}`);
    pos += 2;
    if (text.startsWith('NULL', pos)) {
      out[key] = null;
      pos += 4;
    } else {
      out[key] = readQuoted();
    }
    skipSpace();
  }
  return out;
}
