/** A JSON value whose numbers are kept as their source text. */
export type JsonTextValue = string | boolean | null | JsonTextValue[] | { [key: string]: JsonTextValue };

export const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * A cursor over one JSON text that keeps numbers as their exact source text (JSON.parse rounds beyond 2^53 and 17
 * digits, and turns 1.50 into 1.5). Strings without escapes are slices; the rare escaped one goes through JSON.parse.
 */
export class JsonTextScanner {
  protected text = '';
  protected pos = 0;
  /** Position of the next backslash at or after some earlier string (text.length when none). */
  private backslash = -1;

  /** Starts on a new text. */
  protected reset(text: string): void {
    this.text = text;
    this.pos = 0;
    this.backslash = -1;
  }

  /** Whether the string starting at `pos` (its opening quote) is exactly `expected`, which holds no `\` or `"`. */
  protected stringIs(expected: string): boolean {
    const text = this.text;
    const start = this.pos + 1;
    const length = expected.length;
    if (text.charCodeAt(start + length) !== QUOTE) return false;
    // A loop: cheaper than startsWith for the short keys and names this compares.
    for (let i = 0; i < length; i += 1) if (text.charCodeAt(start + i) !== expected.charCodeAt(i)) return false;
    return true;
  }

  protected value(): JsonTextValue {
    this.skipSpace();
    switch (this.text.charCodeAt(this.pos)) {
      case QUOTE:
        return this.string();
      case 0x7b /* { */: {
        const object: { [key: string]: JsonTextValue } = {};
        this.pos += 1;
        if (this.closes(0x7d /* } */)) return object;
        do object[this.key()] = this.value();
        while (!this.separator(0x7d /* } */));
        return object;
      }
      case 0x5b /* [ */: {
        const array: JsonTextValue[] = [];
        this.pos += 1;
        if (this.closes(0x5d /* ] */)) return array;
        do array.push(this.value());
        while (!this.separator(0x5d /* ] */));
        return array;
      }
      case 0x74 /* t */:
        return this.literal('true', true);
      case 0x66 /* f */:
        return this.literal('false', false);
      case 0x6e /* n */:
        return this.literal('null', null);
      default:
        return this.number();
    }
  }

  /**
   * A string that is usually the one remembered at `cache[index]` (keys and names repeat message after message): the
   * remembered string is returned when the text matches, so no new string is made. Only strings without `\` or `"`
   * are remembered, so that their text is exactly the string.
   */
  protected cachedString(cache: string[], index: number): string {
    this.skipSpace();
    const cached = cache[index];
    if (cached !== undefined && this.stringIs(cached)) {
      this.pos += cached.length + 2;
      return cached;
    }
    if (this.text.charCodeAt(this.pos) !== QUOTE) throw this.error('expected a string');
    const value = this.string();
    if (!value.includes('\\') && !value.includes('"')) cache[index] = value;
    return value;
  }

  /** Skips a string at `pos` (its opening quote) without making it. */
  protected skipString(): void {
    const text = this.text;
    let i = this.pos + 1;
    for (;;) {
      const end = text.indexOf('"', i);
      if (end < 0) throw this.error('unterminated string');
      let escapes = 0;
      while (text.charCodeAt(end - 1 - escapes) === BACKSLASH) escapes += 1;
      i = end + 1;
      if (escapes % 2 === 0) break;
    }
    this.pos = i;
  }

  /** A member's key and its colon. */
  protected key(): string {
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) !== QUOTE) throw this.error('expected a key');
    const key = this.string();
    this.expect(0x3a /* : */);
    return key;
  }

  /** A string at `pos` (its opening quote). */
  protected string(): string {
    const text = this.text;
    const start = this.pos + 1;
    const end = text.indexOf('"', start);
    if (end < 0) throw this.error('unterminated string');
    if (this.backslash < start) {
      this.backslash = text.indexOf('\\', start);
      if (this.backslash < 0) this.backslash = text.length;
    }
    if (this.backslash > end) {
      this.pos = end + 1;
      return text.slice(start, end);
    }
    let i = start;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) throw this.error('unterminated string');
      if (c === BACKSLASH) i += 2;
      else if (c === QUOTE) break;
      else i += 1;
    }
    this.pos = i + 1;
    return JSON.parse(text.slice(start - 1, i + 1)) as string;
  }

  /** A number's exact text. */
  private number(): string {
    const text = this.text;
    const start = this.pos;
    let i = start;
    for (;;) {
      const c = text.charCodeAt(i);
      // 0-9 . - + e E
      if ((c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c === 0x2b || c === 0x65 || c === 0x45) i += 1;
      else break;
    }
    if (i === start) throw this.error('unexpected character');
    this.pos = i;
    return text.slice(start, i);
  }

  private literal<T extends boolean | null>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) throw this.error('unexpected character');
    this.pos += word.length;
    return value;
  }

  /** After a member: true at `close`, false at a comma (either consumed). */
  protected separator(close: number): boolean {
    const c = this.peek();
    this.pos += 1;
    if (c === close) return true;
    if (c !== 0x2c /* , */) throw this.error(`expected , or ${String.fromCharCode(close)}`);
    return false;
  }

  /** Consumes `close` if it comes next (an empty object or array). */
  protected closes(close: number): boolean {
    if (this.peek() !== close) return false;
    this.pos += 1;
    return true;
  }

  protected expect(c: number): void {
    if (this.peek() !== c) throw this.error(`expected ${String.fromCharCode(c)}`);
    this.pos += 1;
  }

  protected peek(): number {
    this.skipSpace();
    return this.text.charCodeAt(this.pos);
  }

  protected skipSpace(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos += 1;
      else return;
    }
  }

  /** Checks that nothing but white space follows. */
  protected end(): void {
    this.skipSpace();
    if (this.pos !== this.text.length) throw this.error('text after the value');
  }

  protected error(problem: string): Error {
    return new Error(`Invalid JSON at offset ${this.pos}: ${problem}: ${this.text.slice(0, 200)}`);
  }
}
