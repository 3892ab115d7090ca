import { Byte } from '@pgsinger/singer';
import type { JsonScanner } from './json-scanner';

/**
 * Object keys mapped to numbers (a column index, a field bit), remembering the key seen at each position: records of a
 * stream list their keys in one order, so the key expected at position k is matched in place, without decoding or
 * hashing. Keys without escapes hold no quote, backslash or control character, so a raw byte match is exact.
 */
export class KeyOrder {
  private readonly keys: Buffer[] = [];
  private readonly values: number[] = [];

  constructor(private readonly valueOf: (key: string) => number) {}

  /** At the key at position k (the scanner at its '"'): its value, or undefined when it is not a plain string. */
  read(s: JsonScanner, k: number): number | undefined {
    const bytes = s.bytes;
    const start = s.pos + 1;
    if (bytes[s.pos] !== Byte.Quote) return undefined;
    const expected = this.keys[k];
    if (expected !== undefined && s.startsWith(expected, start) && bytes[start + expected.length] === Byte.Quote) {
      s.pos = start + expected.length + 1;
      return this.values[k];
    }
    if (s.string() !== 'string') return undefined;
    this.keys[k] = Buffer.from(bytes.subarray(start, s.pos - 1));
    this.values[k] = this.valueOf(bytes.toString('utf8', start, s.pos - 1));
    return this.values[k];
  }
}
