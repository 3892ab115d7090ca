import { Byte } from '@pgsinger/singer';
import type { JsonScanner } from './json-scanner';
import { KeyOrder } from './key-order';
import { absentSpan, type Span } from './span';

/**
 * A stream's record as the fast path reads it: which top-level key feeds which column, and where each column's value
 * was in the record last scanned (`spans`, by column index; reused from record to record).
 */
export class RecordFields {
  readonly spans: Span[];
  private readonly columnOf = new Map<string, number>();
  /** A record's keys → column index (-1: not a column). */
  private readonly keys = new KeyOrder((key) => this.columnOf.get(key) ?? -1);

  /** `columnKeys[i]`: the record key column i reads, or undefined for a column the record does not feed. */
  constructor(columnKeys: readonly (string | undefined)[]) {
    columnKeys.forEach((key, i) => {
      if (key !== undefined) this.columnOf.set(key, i);
    });
    this.spans = columnKeys.map(absentSpan);
  }

  /** At the record's '{': notes where each column's value is; false when the generic path must take the line. */
  scan(s: JsonScanner): boolean {
    for (const span of this.spans) span.token = 'absent';
    const t = s.bytes;
    s.pos++;
    s.ws();
    if (t[s.pos] === Byte.CloseBrace) return (s.pos++, true);
    for (let k = 0; ; k++) {
      const index = this.keys.read(s, k);
      if (index === undefined) return false;
      s.ws();
      if (t[s.pos] !== Byte.Colon) return false;
      s.pos++;
      s.ws();
      s.rewritten = false;
      s.nul = false;
      const start = s.pos;
      const token = s.value(1);
      if (token === 'invalid') return false;
      if (index >= 0) {
        const span = this.spans[index];
        span.token = token;
        span.start = start;
        span.end = s.pos;
        span.dirty = s.rewritten;
        span.nul = s.nul;
      }
      s.ws();
      const c = t[s.pos++];
      if (c === Byte.CloseBrace) return true;
      if (c !== Byte.Comma) return false;
      s.ws();
    }
  }
}
