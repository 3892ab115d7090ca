import { isCanonicalNumberBytes } from './number-text';

/** What a scanned JSON value was (`invalid`: not valid JSON, or too deep to be worth it: use the generic parser). */
export const TOKENS = ['invalid', 'null', 'true', 'false', 'number', 'string', 'escaped', 'container'] as const;
/** One of TOKENS. */
export type Token = (typeof TOKENS)[number];

const MAX_DEPTH = 64;
const EMPTY = Buffer.alloc(0);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isHex = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * A validating JSON scanner over UTF-8 bytes that does not build values: it only finds where each value starts and
 * ends, so that the caller can copy raw bytes. Accepts exactly what JSON.parse accepts of valid UTF-8, except that
 * anything unusual (deep nesting) is reported as `invalid` and left to the generic parser. Reading past the end
 * yields undefined, which no comparison accepts, so the end needs no separate checks.
 */
export class JsonScanner {
  bytes: Buffer = EMPTY;
  pos = 0;
  /** Set when a value held a number written differently by the generic path, or a \u0000 escape. */
  rewritten = false;
  /** Set when a string held a \u0000 escape (which jsonb refuses). */
  nul = false;
  /** For the last `number` token: true when it is written as it came. */
  canonical = true;

  /** Starts scanning bytes at `start`. */
  reset(bytes: Buffer, start = 0): void {
    this.bytes = bytes;
    this.pos = start;
  }

  /** The byte at pos (undefined past the end). */
  peek(): number {
    return this.bytes[this.pos];
  }

  /**
   * Skips JSON whitespace, except the newline: a line never holds one, so stopping there keeps every scan inside
   * its line when lines are scanned in place within a larger buffer (no token starts or continues with a newline).
   */
  ws(): void {
    const b = this.bytes;
    let i = this.pos;
    let c = b[i];
    while (c === 32 || c === 9 || c === 13) c = b[++i];
    this.pos = i;
  }

  /** True when `word` (ASCII bytes) is at `at`. */
  startsWith(word: Buffer, at: number): boolean {
    const b = this.bytes;
    if (at + word.length > b.length) return false;
    for (let k = 0; k < word.length; k++) if (b[at + k] !== word[k]) return false;
    return true;
  }

  /** At a value: scans it and returns its token; pos is after it. */
  value(depth = 0): Token {
    const b = this.bytes;
    const i = this.pos;
    const c = b[i];
    if (c === 34) return this.string();
    if (c === 123 || c === 91) return this.container(depth);
    if (c === 45 || isDigit(c)) return this.number();
    if (c === 110 && b[i + 1] === 117 && b[i + 2] === 108 && b[i + 3] === 108) return ((this.pos += 4), 'null');
    if (c === 116 && b[i + 1] === 114 && b[i + 2] === 117 && b[i + 3] === 101) return ((this.pos += 4), 'true');
    if (c === 102 && b[i + 1] === 97 && b[i + 2] === 108 && b[i + 3] === 115 && b[i + 4] === 101) {
      return ((this.pos += 5), 'false');
    }
    return 'invalid';
  }

  /** At a '"': scans the string; `escaped` when it holds escapes. */
  string(): Token {
    const b = this.bytes;
    let i = this.pos + 1;
    let token: Token = 'string';
    for (;;) {
      // Plain bytes: not a quote, a backslash or a control character (UTF-8 sequences are all >= 0x80).
      let c = b[i];
      while (c > 34 ? c !== 92 : c === 32 || c === 33) c = b[++i];
      if (c === 34) {
        this.pos = i + 1;
        return token;
      }
      if (c !== 92) return 'invalid'; // a control character, or the end of the bytes
      token = 'escaped';
      const e = b[i + 1];
      if (e === 117) {
        for (let k = i + 2; k < i + 6; k++) if (!isHex(b[k])) return 'invalid';
        if (b[i + 2] === 48 && b[i + 3] === 48 && b[i + 4] === 48 && b[i + 5] === 48) this.rewritten = this.nul = true;
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
    const b = this.bytes;
    const start = this.pos;
    let i = start;
    if (b[i] === 45) i++;
    if (b[i] === 48) i++;
    else if (isDigit(b[i])) while (isDigit(b[i])) i++;
    else return 'invalid';
    let shape: 'integer' | 'decimal' | 'exponent' = 'integer';
    if (b[i] === 46) {
      i++;
      if (!isDigit(b[i])) return 'invalid';
      while (isDigit(b[i])) i++;
      shape = 'decimal';
    }
    const e = b[i];
    if (e === 101 || e === 69) {
      i++;
      const s = b[i];
      if (s === 43 || s === 45) i++;
      if (!isDigit(b[i])) return 'invalid';
      while (isDigit(b[i])) i++;
      shape = 'exponent';
    }
    this.pos = i;
    this.canonical = isCanonicalNumberBytes(b, start, i, shape);
    if (!this.canonical) this.rewritten = true;
    return 'number';
  }

  /** At '{' or '[': validates the whole object or array. */
  container(depth: number): Token {
    if (depth >= MAX_DEPTH) return 'invalid';
    const b = this.bytes;
    const object = b[this.pos] === 123;
    const close = object ? 125 : 93;
    this.pos++;
    this.ws();
    if (b[this.pos] === close) return (this.pos++, 'container');
    for (;;) {
      if (object) {
        if (b[this.pos] !== 34 || this.string() === 'invalid') return 'invalid';
        this.ws();
        if (b[this.pos] !== 58) return 'invalid';
        this.pos++;
        this.ws();
      }
      if (this.value(depth + 1) === 'invalid') return 'invalid';
      this.ws();
      const c = b[this.pos++];
      if (c === close) return 'container';
      if (c !== 44) return 'invalid';
      this.ws();
    }
  }
}
