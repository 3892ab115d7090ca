import { isCanonicalNumber } from './number-text';

/** What a scanned JSON value was (`invalid`: not valid JSON, or too deep to be worth it: use the generic parser). */
export const TOKENS = ['invalid', 'null', 'true', 'false', 'number', 'string', 'escaped', 'container'] as const;
/** One of TOKENS. */
export type Token = (typeof TOKENS)[number];

const MAX_DEPTH = 64;
// Characters a JSON string holds as they are: not a quote, a backslash or a control character.
// eslint-disable-next-line no-control-regex
const PLAIN_CHARS = /[^"\\\u0000-\u001f]*/y;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isHex = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * A validating JSON scanner that does not build values: it only finds where each value starts and ends, so that
 * the caller can copy raw text. Accepts exactly what JSON.parse accepts, except that anything unusual (deep nesting)
 * is reported as `invalid` and left to the generic parser.
 */
export class JsonScanner {
  text = '';
  pos = 0;
  /** Set when a value held a number written differently by the generic path, or a \u0000 escape. */
  rewritten = false;
  /** For the last `number` token: true when it is written as it came. */
  canonical = true;

  /** Starts scanning a new text. */
  reset(text: string): void {
    this.text = text;
    this.pos = 0;
  }

  /** Skips JSON whitespace. */
  ws(): void {
    const t = this.text;
    let c = t.charCodeAt(this.pos);
    while (c === 32 || c === 9 || c === 10 || c === 13) c = t.charCodeAt(++this.pos);
  }

  /** At a value: scans it and returns its token; pos is after it. */
  value(depth = 0): Token {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === 34) return this.string();
    if (c === 123 || c === 91) return this.container(depth);
    if (c === 45 || isDigit(c)) return this.number();
    if (c === 110 && t.startsWith('null', this.pos)) return ((this.pos += 4), 'null');
    if (c === 116 && t.startsWith('true', this.pos)) return ((this.pos += 4), 'true');
    if (c === 102 && t.startsWith('false', this.pos)) return ((this.pos += 5), 'false');
    return 'invalid';
  }

  /** At a '"': scans the string; `escaped` when it holds escapes. */
  string(): Token {
    const t = this.text;
    let i = this.pos + 1;
    let token: Token = 'string';
    for (;;) {
      PLAIN_CHARS.lastIndex = i;
      PLAIN_CHARS.test(t);
      i = PLAIN_CHARS.lastIndex;
      const c = t.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        return token;
      }
      if (c !== 92) return 'invalid'; // a control character, or the end of the text
      token = 'escaped';
      const e = t.charCodeAt(i + 1);
      if (e === 117) {
        for (let k = i + 2; k < i + 6; k++) if (!isHex(t.charCodeAt(k))) return 'invalid';
        if (t.startsWith('0000', i + 2)) this.rewritten = true;
        i += 6;
      } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) {
        i += 2;
      } else {
        return 'invalid';
      }
    }
  }

  /** At '-' or a digit: scans a number by the JSON grammar; sets `canonical`. */
  number(): Token {
    const t = this.text;
    const start = this.pos;
    let i = start;
    if (t.charCodeAt(i) === 45) i++;
    if (t.charCodeAt(i) === 48) i++;
    else if (isDigit(t.charCodeAt(i))) while (isDigit(t.charCodeAt(i))) i++;
    else return 'invalid';
    let shape: 'integer' | 'decimal' | 'exponent' = 'integer';
    if (t.charCodeAt(i) === 46) {
      i++;
      if (!isDigit(t.charCodeAt(i))) return 'invalid';
      while (isDigit(t.charCodeAt(i))) i++;
      shape = 'decimal';
    }
    const e = t.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      const s = t.charCodeAt(i);
      if (s === 43 || s === 45) i++;
      if (!isDigit(t.charCodeAt(i))) return 'invalid';
      while (isDigit(t.charCodeAt(i))) i++;
      shape = 'exponent';
    }
    this.pos = i;
    this.canonical = isCanonicalNumber(t, start, i, shape);
    if (!this.canonical) this.rewritten = true;
    return 'number';
  }

  /** At '{' or '[': validates the whole object or array. */
  container(depth: number): Token {
    if (depth >= MAX_DEPTH) return 'invalid';
    const t = this.text;
    const object = t.charCodeAt(this.pos) === 123;
    const close = object ? 125 : 93;
    this.pos++;
    this.ws();
    if (t.charCodeAt(this.pos) === close) return (this.pos++, 'container');
    for (;;) {
      if (object) {
        if (t.charCodeAt(this.pos) !== 34 || this.string() === 'invalid') return 'invalid';
        this.ws();
        if (t.charCodeAt(this.pos) !== 58) return 'invalid';
        this.pos++;
        this.ws();
      }
      if (this.value(depth + 1) === 'invalid') return 'invalid';
      this.ws();
      const c = t.charCodeAt(this.pos++);
      if (c === close) return 'container';
      if (c !== 44) return 'invalid';
      this.ws();
    }
  }
}
