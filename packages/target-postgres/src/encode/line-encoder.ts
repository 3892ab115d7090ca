import { Byte } from '@pgsinger/singer';
import { parseJsonExact } from '../input/parse-json-exact';
import { numberText } from '../input/number-text';
import { RecordFields } from '../input/record-fields';
import type { EnvelopeSpans, Span } from '../input/span';
import type { BatchedAt } from './batched-at';
import type { EncodedRow, EncoderOptions } from './encoded-row';
import { encodeValue, planField, type FieldPlan } from './field-plan';
import { RowBytes } from './row-bytes';

/**
 * The row being built, shared by every stream's encoder: rows are built one at a time and copied into their batch at
 * once, and a buffer per stream would cost 64 KiB × streams.
 */
const SHARED_ROW = new RowBytes();
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');

/**
 * Encodes a RECORD line's record straight from the line's bytes to a COPY row, from the spans its `fields` noted:
 * plain strings and numbers are copied as they came, jsonb objects as their raw text; anything else goes through the
 * same code as the generic encoder, so both paths write identical rows.
 */
export class LineEncoder {
  /** The record's keys and value spans, which the fast path fills before `finish`. */
  readonly fields: RecordFields;
  /** The row being built (reused: rows are built one at a time), and where each field starts in it. */
  private readonly out = SHARED_ROW;
  private readonly fieldStarts: number[];

  constructor(
    private readonly plans: readonly FieldPlan[],
    private readonly options: EncoderOptions,
    private readonly batchedAt: BatchedAt,
  ) {
    this.fields = new RecordFields(plans.map(recordKeyOf));
    this.fieldStarts = new Array<number>(plans.length + 1).fill(0);
  }

  /** Builds the row's COPY bytes from the spans of the record just scanned and the envelope's. */
  finish(line: Buffer, envelope: EnvelopeSpans): EncodedRow {
    const plans = this.plans;
    const spans = this.fields.spans;
    const out = this.out;
    const starts = this.fieldStarts;
    out.reset();
    let absent = '';
    for (let i = 0; i < plans.length; i++) {
      const p = plans[i];
      if (i > 0) out.byte(Byte.Tab);
      starts[i] = out.length;
      switch (p.source) {
        case 'property':
        case 'deleted_at': {
          const span = spans[i];
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
          out.text(encodeValue(this.batchedAt.text(), p));
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

  /** True when field i (of the row just built) is NULL (`\N`). */
  private isNull(i: number): boolean {
    const b = this.out.buffer;
    const at = this.fieldStarts[i];
    return this.fieldStarts[i + 1] - at === 3 && b[at] === Byte.Backslash && b[at + 1] === Byte.UpperN;
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
}

/** The record key a column reads (`_sdc_deleted_at` for the deleted-at column), or undefined. */
function recordKeyOf(p: FieldPlan): string | undefined {
  if (p.source === 'deleted_at') return '_sdc_deleted_at';
  return p.source === 'property' ? p.single : undefined;
}

/** Writes one field of a span of the line, as the generic encoder would write it. */
function writeField(out: RowBytes, line: Buffer, span: Span, p: FieldPlan): void {
  switch (span.token) {
    case 'absent':
    case 'null':
    case 'invalid':
      return void (out.byte(Byte.Backslash), out.byte(Byte.UpperN));
    case 'true':
      return p.kind === 'boolean' ? out.byte(Byte.LowerT) : out.copy(TRUE, 0, TRUE.length);
    case 'false':
      return p.kind === 'boolean' ? out.byte(Byte.LowerF) : out.copy(FALSE, 0, FALSE.length);
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
  const negative = b[i] === Byte.Minus;
  if (negative) i++;
  if (i === end || (b[i] === Byte.Zero && n > 1)) return undefined;
  let value = 0;
  for (; i < end; i++) {
    const c = b[i];
    if (c < Byte.Zero || c > Byte.Nine) return undefined;
    value = value * 10 + (c - Byte.Zero);
  }
  return negative ? -value : value;
}

/** The line encoder of a stream, when its columns allow one (every property column a top-level property). */
export function compileLineEncoder(options: EncoderOptions, batchedAt: BatchedAt): LineEncoder | undefined {
  const plans = options.columns.map(planField);
  const names = new Set<string>();
  for (const p of plans) {
    if (p.source !== 'property' && p.source !== 'deleted_at') continue;
    const name = recordKeyOf(p);
    if (name === undefined || names.has(name)) return undefined;
    names.add(name);
  }
  return new LineEncoder(plans, options, batchedAt);
}
