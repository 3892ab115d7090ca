import { readQuoted, type TextPosition } from './quoted-text';

/** Parses hstore's text output (`"a"=>"1", "b"=>NULL`) into an object of string or null values (pure). */
export function parseHstore(text: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const at: TextPosition = { pos: 0 };
  const length = text.length;
  const malformed = (): Error => new Error(`malformed hstore: ${text.slice(0, 80)}`);
  const quoted = (): string => {
    const value = text[at.pos] === '"' ? readQuoted(text, at) : undefined;
    if (value === undefined) throw malformed();
    return value;
  };
  const skipSpace = (): void => {
    while (at.pos < length && (text[at.pos] === ' ' || text[at.pos] === ',')) at.pos += 1;
  };
  skipSpace();
  while (at.pos < length) {
    const key = quoted();
    if (text.slice(at.pos, at.pos + 2) !== '=>') throw malformed();
    at.pos += 2;
    if (text.startsWith('NULL', at.pos)) {
      out[key] = null;
      at.pos += 4;
    } else {
      out[key] = quoted();
    }
    skipSpace();
  }
  return out;
}
