import { encodeValue, planField, type EncodedRow, type EncoderOptions, type FieldPlan } from './encode-row';
import type { JsonScanner, Token } from './json-scanner';
import { numberText } from './number-text';
import { KeyOrder } from './key-order';
import { parseJsonExact } from './parse-json-exact';
import { RowBytes } from './row-bytes';

/**
 * The row being built, shared by every stream's encoder: rows are built one at a time and copied into their batch at
 * once, and a buffer per stream would cost 64 KiB × streams.
 */
const SHARED_ROW = new RowBytes();

/** Where a value sits in the line: its token and span; `dirty` when the generic path would rewrite it. */
export interface Span {
  token: Token | 'absent';
  start: number;
  end: number;
  dirty: boolean;
  /** The value holds a \u0000 escape. */
  nul: boolean;
}

/** The envelope values a row may need besides the record. */
export interface EnvelopeSpans {
  readonly timeExtracted: Span;
  readonly version: Span;
}

/** A new, absent span. */
export const absentSpan = (): Span => ({ token: 'absent', start: 0, end: 0, dirty: false, nul: false });

/**
 * Encodes a RECORD line's record straight from the line's text to a COPY row: plain strings and numbers are copied
 * as they came, jsonb objects as their raw text; anything else goes through the same code as the generic encoder,
 * so both paths write identical rows.
 */
export class LineEncoder {
  private readonly byName = new Map<string, number>();
  private readonly spans: Span[];
  /** The row being built (reused: rows are built one at a time), and where each field starts in it. */
  private readonly out = SHARED_ROW;
  private readonly fieldStarts: number[];
  /** A record's keys → column index (-1: not a column). */
  private readonly keys = new KeyOrder((key) => this.byName.get(key) ?? -1);
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
    this.fieldStarts = new Array<number>(plans.length + 1).fill(0);
  }

  /** At the record's '{': notes where each column's value is; false when the generic path must take the line. */
  scanRecord(s: JsonScanner): boolean {
    for (const span of this.spans) span.token = 'absent';
    const t = s.bytes;
    s.pos++;
    s.ws();
    if (t[s.pos] === 125) return (s.pos++, true);
    for (let k = 0; ; k++) {
      const index = this.keys.read(s, k);
      if (index === undefined) return false;
      s.ws();
      if (t[s.pos] !== 58) return false;
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
      if (c === 125) return true;
      if (c !== 44) return false;
      s.ws();
    }
  }

  /** Builds the row's COPY bytes from the spans noted by scanRecord and the envelope's. */
  finish(line: Buffer, envelope: EnvelopeSpans): EncodedRow {
    const plans = this.plans;
    const out = this.out;
    const starts = this.fieldStarts;
    out.reset();
    let absent = '';
    for (let i = 0; i < plans.length; i++) {
      const p = plans[i];
      if (i > 0) out.byte(9);
      starts[i] = out.length;
      switch (p.source) {
        case 'property':
        case 'deleted_at': {
          const span = this.spans[i];
          if (span.token === 'absent' && p.source === 'property') absent = absent === '' ? String(i) : `${absent},${i}`;
          writeField(out, line, span, p);
          break;
        }
        case 'extracted_at':
          writeField(out, line, envelope.timeExtracted, p);
          break;
        case 'table_version':
          writeField(out, line, envelope.version, p);
          break;
        case 'batched_at':
          out.text(encodeValue(this.batchedAt(), p));
          break;
      }
    }
    starts[plans.length] = out.length + 1;
    const keys = this.options.keyIndexes;
    let keyMissing = false;
    for (const k of keys) if (this.isNull(k)) keyMissing = true;
    const deletedAt = this.options.deletedAtIndex;
    const deleted = deletedAt !== undefined && !this.isNull(deletedAt);
    const key = this.dedupeKey(keys);
    return { line: '', bytes: out.buffer, byteLength: out.length, key, absent, deleted, keyMissing };
  }

  /** True when field i (of the row just built) is NULL. */
  private isNull(i: number): boolean {
    const b = this.out.buffer;
    const at = this.fieldStarts[i];
    return this.fieldStarts[i + 1] - at === 3 && b[at] === 92 && b[at + 1] === 78;
  }

  /** The dedupe key: a small integer as a number (as slotKey makes it), else the key fields' text. */
  private dedupeKey(keys: readonly number[]): string | number {
    const b = this.out.buffer;
    if (keys.length === 1) {
      const at = this.fieldStarts[keys[0]];
      const end = this.fieldStarts[keys[0] + 1] - 1;
      const small = smallInteger(b, at, end);
      if (small !== undefined) return small;
    }
    let key = '';
    for (let k = 0; k < keys.length; k++) {
      const field = b.toString('utf8', this.fieldStarts[keys[k]], this.fieldStarts[keys[k] + 1] - 1);
      key = k === 0 ? field : `${key}\t${field}`;
    }
    return key;
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

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');

/** Writes one field of a span of the line, as the generic encoder would write it. */
function writeField(out: RowBytes, line: Buffer, span: Span, p: FieldPlan): void {
  switch (span.token) {
    case 'absent':
    case 'null':
    case 'invalid':
      return void (out.byte(92), out.byte(78));
    case 'true':
      return p.kind === 'boolean' ? out.byte(116) : out.copy(TRUE, 0, 4);
    case 'false':
      return p.kind === 'boolean' ? out.byte(102) : out.copy(FALSE, 0, 5);
    case 'number':
      return span.dirty
        ? out.text(numberText(line.toString('latin1', span.start, span.end)))
        : out.copy(line, span.start, span.end);
    case 'string':
      // No escapes, so no quote, backslash or control character inside: nothing to escape for COPY.
      return p.kind === 'json' || p.kind === 'jsonb'
        ? out.copy(line, span.start, span.end)
        : out.copy(line, span.start + 1, span.end - 1);
    case 'container':
      // Raw text keeps what parsing would lose (number spelling such as 2.50, json's spacing and key order); jsonb
      // itself ignores spacing and keeps the last duplicate key, as JSON.parse does. jsonb refuses \u0000.
      if (p.kind === 'json' || (p.kind === 'jsonb' && !span.nul)) return out.copyEscaped(line, span.start, span.end);
      return out.text(encodeValue(parseJsonExact(line.toString('utf8', span.start, span.end)), p));
    case 'escaped':
      return out.text(encodeValue(parseJsonExact(line.toString('utf8', span.start, span.end)), p));
  }
}

/** The value of an integer field of at most 9 characters without a leading zero (slotKey's numbers), else undefined. */
function smallInteger(b: Buffer, start: number, end: number): number | undefined {
  const n = end - start;
  if (n === 0 || n > 9) return undefined;
  let i = start;
  const negative = b[i] === 45;
  if (negative) i++;
  if (i === end || (b[i] === 48 && n > 1)) return undefined;
  let value = 0;
  for (; i < end; i++) {
    const c = b[i];
    if (c < 48 || c > 57) return undefined;
    value = value * 10 + (c - 48);
  }
  return negative ? -value : value;
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
