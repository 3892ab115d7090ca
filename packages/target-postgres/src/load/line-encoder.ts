import { COPY_NULL, escapeCopyText } from './copy-text';
import { encodeValue, planField, type EncodedRow, type EncoderOptions, type FieldPlan } from './encode-row';
import type { JsonScanner, Token } from './json-scanner';
import { numberText } from './number-text';
import { parseJsonExact } from './parse-json-exact';

/** Where a value sits in the line: its token and span; `dirty` when the generic path would rewrite it. */
export interface Span {
  token: Token | 'absent';
  start: number;
  end: number;
  dirty: boolean;
}

/** The envelope values a row may need besides the record. */
export interface EnvelopeSpans {
  readonly timeExtracted: Span;
  readonly version: Span;
}

/** A new, absent span. */
export const absentSpan = (): Span => ({ token: 'absent', start: 0, end: 0, dirty: false });

/**
 * Encodes a RECORD line's record straight from the line's text to a COPY row: plain strings and numbers are copied
 * as they came, jsonb objects as their raw text; anything else goes through the same code as the generic encoder,
 * so both paths write identical rows.
 */
export class LineEncoder {
  private readonly byName = new Map<string, number>();
  private readonly spans: Span[];
  /** The fields of the row being built (reused: rows are built one at a time). */
  private readonly fields: string[];
  /** The key seen last at each position of a record, and its column index (-1: not a column). */
  private readonly order: string[] = [];
  private readonly orderIndex: number[] = [];
  private second = -1;
  private secondText = '';

  constructor(
    private readonly plans: readonly FieldPlan[],
    private readonly options: EncoderOptions,
    private readonly now: () => number,
  ) {
    plans.forEach((p, i) => {
      if (p.source === 'property' && p.single !== undefined) this.byName.set(p.single, i);
      if (p.source === 'deleted_at') this.byName.set('_sdc_deleted_at', i);
    });
    this.spans = plans.map(absentSpan);
    this.fields = plans.map(() => COPY_NULL);
  }

  /** At the record's '{': notes where each column's value is; false when the generic path must take the line. */
  scanRecord(s: JsonScanner): boolean {
    for (const span of this.spans) span.token = 'absent';
    const t = s.text;
    s.pos++;
    s.ws();
    if (t.charCodeAt(s.pos) === 125) return (s.pos++, true);
    for (let k = 0; ; k++) {
      const index = this.key(s, k);
      if (index === undefined) return false;
      s.ws();
      if (t.charCodeAt(s.pos) !== 58) return false;
      s.pos++;
      s.ws();
      s.rewritten = false;
      const start = s.pos;
      const token = s.value(1);
      if (token === 'invalid') return false;
      if (index >= 0) {
        const span = this.spans[index];
        span.token = token;
        span.start = start;
        span.end = s.pos;
        span.dirty = s.rewritten;
      }
      s.ws();
      const c = t.charCodeAt(s.pos++);
      if (c === 125) return true;
      if (c !== 44) return false;
      s.ws();
    }
  }

  /**
   * At a key: its column index (-1: not a column), or undefined when the key is not a plain string. Records of a
   * stream usually list their keys in one order, so the key expected at position k is checked first, without
   * slicing or hashing. Keys without escapes hold no quote, backslash or control character, so a raw match is exact.
   */
  private key(s: JsonScanner, k: number): number | undefined {
    const t = s.text;
    const keyStart = s.pos + 1;
    if (t.charCodeAt(s.pos) !== 34) return undefined;
    const expected = this.order[k];
    if (expected !== undefined && t.startsWith(expected, keyStart) && t.charCodeAt(keyStart + expected.length) === 34) {
      s.pos = keyStart + expected.length + 1;
      return this.orderIndex[k];
    }
    if (s.string() !== 'string') return undefined;
    const key = t.slice(keyStart, s.pos - 1);
    const index = this.byName.get(key) ?? -1;
    this.order[k] = key;
    this.orderIndex[k] = index;
    return index;
  }

  /** Builds the row from the spans noted by scanRecord and the envelope's. */
  finish(line: string, envelope: EnvelopeSpans): EncodedRow {
    const plans = this.plans;
    const fields = this.fields;
    let absent = '';
    for (let i = 0; i < plans.length; i++) {
      const p = plans[i];
      switch (p.source) {
        case 'property':
        case 'deleted_at': {
          const span = this.spans[i];
          if (span.token === 'absent' && p.source === 'property') absent = absent === '' ? String(i) : `${absent},${i}`;
          fields[i] = field(line, span, p);
          break;
        }
        case 'extracted_at':
          fields[i] = field(line, envelope.timeExtracted, p);
          break;
        case 'table_version':
          fields[i] = field(line, envelope.version, p);
          break;
        case 'batched_at':
          fields[i] = encodeValue(this.batchedAt(), p);
          break;
      }
    }
    const keys = this.options.keyIndexes;
    let key = '';
    let keyMissing = false;
    for (let k = 0; k < keys.length; k++) {
      const f = fields[keys[k]];
      if (f === COPY_NULL) keyMissing = true;
      key = k === 0 ? f : `${key}\t${f}`;
    }
    const deletedAt = this.options.deletedAtIndex;
    const deleted = deletedAt !== undefined && fields[deletedAt] !== COPY_NULL;
    return { line: fields.join('\t'), key, absent, deleted, keyMissing };
  }

  private batchedAt(): string {
    const second = Math.floor(this.now() / 1000);
    if (second !== this.second) {
      this.second = second;
      this.secondText = new Date(second * 1000).toISOString();
    }
    return this.secondText;
  }
}

function field(line: string, span: Span, p: FieldPlan): string {
  switch (span.token) {
    case 'absent':
    case 'null':
    case 'invalid':
      return COPY_NULL;
    case 'true':
      return p.kind === 'boolean' ? 't' : 'true';
    case 'false':
      return p.kind === 'boolean' ? 'f' : 'false';
    case 'number': {
      const token = line.slice(span.start, span.end);
      return span.dirty ? numberText(token) : token;
    }
    case 'string':
      // No escapes, so no quote, backslash or control character inside: nothing to escape for COPY.
      return p.kind === 'json' || p.kind === 'jsonb'
        ? line.slice(span.start, span.end)
        : line.slice(span.start + 1, span.end - 1);
    case 'container':
      // jsonb ignores whitespace and key order and keeps the last duplicate key, as JSON.parse does.
      if (p.kind === 'jsonb' && !span.dirty) return escapeCopyText(line.slice(span.start, span.end));
      return encodeValue(parseJsonExact(line.slice(span.start, span.end)), p);
    case 'escaped':
      return encodeValue(parseJsonExact(line.slice(span.start, span.end)), p);
  }
}

/** The line encoder of a stream, when its columns allow one (every property column a top-level property). */
export function compileLineEncoder(options: EncoderOptions, now: () => number): LineEncoder | undefined {
  const plans = options.columns.map(planField);
  const names = new Set<string>();
  for (const p of plans) {
    if (p.source !== 'property' && p.source !== 'deleted_at') continue;
    const name = p.source === 'deleted_at' ? '_sdc_deleted_at' : p.single;
    if (name === undefined || names.has(name)) return undefined;
    names.add(name);
  }
  return new LineEncoder(plans, options, now);
}
