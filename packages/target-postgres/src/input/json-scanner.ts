import { Byte } from '@pgsinger/singer';

/** What a scanned JSON value was (`invalid`: not valid JSON, or too deep to be worth it: use the generic parser). */
export const TOKENS = ['invalid', 'null', 'true', 'false', 'number', 'string', 'escaped', 'container'] as const;
/** One of TOKENS. */
export type Token = (typeof TOKENS)[number];

const MAX_DEPTH = 64;
const EMPTY = Buffer.alloc(0);
const isDigit = (c: number): boolean => c >= Byte.Zero && c <= Byte.Nine;
const isHex = (c: number): boolean =>
  isDigit(c) || (c >= Byte.UpperA && c <= Byte.UpperF) || (c >= Byte.LowerA && c <= Byte.LowerF);

/**
 * A validating JSON scanner over UTF-8 bytes that does not build values: it only finds where each value starts and
 * ends, so that the caller can copy raw bytes. Accepts exactly what JSON.parse accepts of valid UTF-8, except that
 * anything unusual (deep nesting) is reported as `invalid` and left to the generic parser. Reading past the end
 * yields undefined, which no comparison accepts, so the end needs no separate checks.
 */
export class JsonScanner {
  bytes: Buffer = EMPTY;
  pos = 0;
  /** Set when a string held a \u0000 escape (which jsonb refuses). */
  nul = false;
  /** For the last `number` token: true when it is digits only (no fraction or exponent), an integer column's input. */
  integer = true;

  /** Starts scanning bytes at `start`. */
  reset(bytes: Buffer, start = 0): void {
    this.bytes = bytes;
    this.pos = start;
  }

  /**
   * Skips JSON whitespace, except the newline: a line never holds one, so stopping there keeps every scan inside
   * its line when lines are scanned in place within a larger buffer (no token starts or continues with a newline).
   */
  ws(): void {
    const b = this.bytes;
    let i = this.pos;
    let c = b[i];
    while (c === Byte.Space || c === Byte.Tab || c === Byte.CarriageReturn) c = b[++i];
    this.pos = i;
  }

  /** Starts scanning bytes at `start` for an object: past its '{' and the whitespace around it; false when none. */
  startObject(bytes: Buffer, start: number): boolean {
    this.reset(bytes, start);
    this.ws();
    if (bytes[this.pos] !== Byte.OpenBrace) return false;
    this.pos++;
    this.ws();
    return true;
  }

  /** At an object's key's end: past the `:` and the whitespace around it; false when there is no colon. */
  colon(): boolean {
    this.ws();
    if (this.bytes[this.pos] !== Byte.Colon) return false;
    this.pos++;
    this.ws();
    return true;
  }

  /** After an object member's value: `next` past a comma, `end` past the closing brace, else `invalid`. */
  afterMember(): 'next' | 'end' | 'invalid' {
    this.ws();
    const c = this.bytes[this.pos++];
    if (c === Byte.CloseBrace) return 'end';
    if (c !== Byte.Comma) return 'invalid';
    this.ws();
    return 'next';
  }

  /** True when only whitespace is left before lineEnd (the CR of a CRLF line end, at lineEnd, included). */
  atLineEnd(lineEnd: number): boolean {
    this.ws();
    return this.pos === lineEnd || (this.pos === lineEnd + 1 && this.bytes[lineEnd] === Byte.CarriageReturn);
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
    if (c === Byte.Quote) return this.string();
    if (c === Byte.OpenBrace || c === Byte.OpenBracket) return this.container(depth);
    if (c === Byte.Minus || isDigit(c)) return this.number();
    if (c === Byte.LowerN && b[i + 1] === Byte.LowerU && b[i + 2] === Byte.LowerL && b[i + 3] === Byte.LowerL) {
      return ((this.pos += 4), 'null');
    }
    if (c === Byte.LowerT && b[i + 1] === Byte.LowerR && b[i + 2] === Byte.LowerU && b[i + 3] === Byte.LowerE) {
      return ((this.pos += 4), 'true');
    }
    if (
      c === Byte.LowerF &&
      b[i + 1] === Byte.LowerA &&
      b[i + 2] === Byte.LowerL &&
      b[i + 3] === Byte.LowerS &&
      b[i + 4] === Byte.LowerE
    ) {
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
      while (c > Byte.Quote ? c !== Byte.Backslash : c === Byte.Space || c === Byte.Exclamation) c = b[++i];
      if (c === Byte.Quote) {
        this.pos = i + 1;
        return token;
      }
      if (c !== Byte.Backslash) return 'invalid'; // a control character, or the end of the bytes
      token = 'escaped';
      const e = b[i + 1];
      if (e === Byte.LowerU) {
        for (let k = i + 2; k < i + 6; k++) if (!isHex(b[k])) return 'invalid';
        if (b[i + 2] === Byte.Zero && b[i + 3] === Byte.Zero && b[i + 4] === Byte.Zero && b[i + 5] === Byte.Zero) {
          this.nul = true;
        }
        i += 6;
      } else if (isSimpleEscape(e)) {
        i += 2;
      } else {
        return 'invalid';
      }
    }
  }

  /** At '-' or a digit: scans a number by the JSON grammar; sets `integer`. */
  number(): Token {
    const b = this.bytes;
    let i = this.pos;
    if (b[i] === Byte.Minus) i++;
    if (b[i] === Byte.Zero) i++;
    else if (isDigit(b[i])) while (isDigit(b[i])) i++;
    else return 'invalid';
    let integer = true;
    if (b[i] === Byte.Dot) {
      i++;
      if (!isDigit(b[i])) return 'invalid';
      while (isDigit(b[i])) i++;
      integer = false;
    }
    const e = b[i];
    if (e === Byte.LowerE || e === Byte.UpperE) {
      i++;
      const s = b[i];
      if (s === Byte.Plus || s === Byte.Minus) i++;
      if (!isDigit(b[i])) return 'invalid';
      while (isDigit(b[i])) i++;
      integer = false;
    }
    this.pos = i;
    this.integer = integer;
    return 'number';
  }

  /** At '{' or '[': validates the whole object or array. */
  container(depth: number): Token {
    if (depth >= MAX_DEPTH) return 'invalid';
    const b = this.bytes;
    const object = b[this.pos] === Byte.OpenBrace;
    const close = object ? Byte.CloseBrace : Byte.CloseBracket;
    this.pos++;
    this.ws();
    if (b[this.pos] === close) return (this.pos++, 'container');
    for (;;) {
      if (object) {
        if (b[this.pos] !== Byte.Quote || this.string() === 'invalid') return 'invalid';
        this.ws();
        if (b[this.pos] !== Byte.Colon) return 'invalid';
        this.pos++;
        this.ws();
      }
      if (this.value(depth + 1) === 'invalid') return 'invalid';
      this.ws();
      const c = b[this.pos++];
      if (c === close) return 'container';
      if (c !== Byte.Comma) return 'invalid';
      this.ws();
    }
  }
}

/** The one-letter escapes of JSON strings: \" \\ \/ \b \f \n \r \t. */
function isSimpleEscape(e: number): boolean {
  return (
    e === Byte.Quote ||
    e === Byte.Backslash ||
    e === Byte.Slash ||
    e === Byte.LowerB ||
    e === Byte.LowerF ||
    e === Byte.LowerN ||
    e === Byte.LowerR ||
    e === Byte.LowerT
  );
}
