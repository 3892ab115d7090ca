import { Byte } from '@pgsinger/singer';
import { MAX_JSON_DEPTH } from './json-depth';
import type { JsonNumber } from './json-number';
import { numberValue } from './number-text';

/** JSON.parse, except that numbers with more than 15 significant digits come back as JsonNumber (exact text). */
export function parseJsonExact(text: string): unknown {
  if (!hasLongDigitRun(text)) return JSON.parse(text);
  return new ExactParser(text).parseDocument();
}

const isDigitOrDot = (c: number): boolean => (c >= Byte.Zero && c <= Byte.Nine) || c === Byte.Dot;

/**
 * True when the text has a run of 16+ digits and dots (every number with 16+ significant digits has one).
 * Looks at every 16th character only: any such run covers one of them.
 */
export function hasLongDigitRun(text: string): boolean {
  const n = text.length;
  for (let i = 15; i < n; i += 16) {
    if (!isDigitOrDot(text.charCodeAt(i))) continue;
    let start = i;
    let end = i;
    while (start > 0 && isDigitOrDot(text.charCodeAt(start - 1))) start--;
    while (end < n - 1 && isDigitOrDot(text.charCodeAt(end + 1))) end++;
    if (end - start + 1 >= 16) return true;
    i = end;
  }
  return false;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WS = /[ \t\n\r]*/y;

class ExactParser {
  private pos = 0;
  private depth = 0; // refused past MAX_JSON_DEPTH (+2: a message holds its record) rather than overflow
  constructor(private readonly text: string) {}

  parseDocument(): unknown {
    const value = this.value();
    this.skip();
    if (this.pos !== this.text.length) this.fail('unexpected text after the JSON value');
    return value;
  }

  private skip(): void {
    WS.lastIndex = this.pos;
    WS.exec(this.text);
    this.pos = WS.lastIndex;
  }

  private fail(message: string): never {
    throw new SyntaxError(`${message} at position ${this.pos}`);
  }

  private value(): unknown {
    this.skip();
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === 't' && this.text.startsWith('true', this.pos)) return ((this.pos += 4), true);
    if (c === 'f' && this.text.startsWith('false', this.pos)) return ((this.pos += 5), false);
    if (c === 'n' && this.text.startsWith('null', this.pos)) return ((this.pos += 4), null);
    return this.number();
  }

  private number(): number | JsonNumber {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (m === null) this.fail('unexpected character');
    this.pos = NUMBER.lastIndex;
    return numberValue(m[0]);
  }

  private string(): string {
    // Find the closing quote (skipping escapes) and let JSON.parse decode the escapes.
    const start = this.pos;
    let i = start + 1;
    for (;;) {
      const q = this.text.indexOf('"', i);
      if (q < 0) this.fail('unterminated string');
      let backslashes = 0;
      for (let j = q - 1; this.text[j] === '\\'; j--) backslashes++;
      i = q + 1;
      if (backslashes % 2 === 0) break;
    }
    this.pos = i;
    return JSON.parse(this.text.slice(start, i)) as string;
  }

  private enter(): void {
    if (++this.depth > MAX_JSON_DEPTH + 2) this.fail(`objects/arrays nested deeper than ${MAX_JSON_DEPTH} levels`);
  }

  private array(): unknown[] {
    this.enter();
    this.pos++;
    const out: unknown[] = [];
    this.skip();
    if (this.text[this.pos] === ']') return (this.pos++, this.depth--, out);
    for (;;) {
      out.push(this.value());
      this.skip();
      const c = this.text[this.pos++];
      if (c === ']') return (this.depth--, out);
      if (c !== ',') this.fail("expected ',' or ']'");
    }
  }

  private object(): Record<string, unknown> {
    this.enter();
    this.pos++;
    const out: Record<string, unknown> = {};
    this.skip();
    if (this.text[this.pos] === '}') return (this.pos++, this.depth--, out);
    for (;;) {
      this.skip();
      if (this.text[this.pos] !== '"') this.fail('expected a property name');
      const key = this.string();
      this.skip();
      if (this.text[this.pos++] !== ':') this.fail("expected ':'");
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.skip();
      const c = this.text[this.pos++];
      if (c === '}') return (this.depth--, out);
      if (c !== ',') this.fail("expected ',' or '}'");
    }
  }
}
