import { COPY_NULL } from './copy-text';
import type { EncodedRow, EncoderOptions } from './encoded-row';
import { encodeValue, planField } from './field-plan';

/** What a record message contributes besides its record. */
export interface RecordContext {
  readonly timeExtracted: string | undefined;
  readonly batchedAt: string;
  readonly version: number | undefined;
}

/** Encodes one record (parsed: the generic path) into a COPY text row. */
export type RowEncoder = (record: Readonly<Record<string, unknown>>, context: RecordContext) => EncodedRow;

const MISSING = Symbol('missing');

function lookup(record: Readonly<Record<string, unknown>>, path: readonly string[]): unknown {
  let current: unknown = record;
  for (const part of path) {
    if (current === null) return null;
    if (typeof current !== 'object' || Array.isArray(current) || !Object.prototype.hasOwnProperty.call(current, part)) {
      return MISSING;
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Compiles a stream's row encoder once: per-column value kind and lookup decided up front. */
export function compileRowEncoder(options: EncoderOptions): RowEncoder {
  const plan = options.columns.map(planField);
  const keys = options.keyIndexes;
  const deletedAt = options.deletedAtIndex;
  const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
  return (record, context) => {
    const fields = new Array<string>(plan.length);
    let absent = '';
    for (let i = 0; i < plan.length; i++) {
      const p = plan[i];
      let value: unknown;
      switch (p.source) {
        case 'property':
          if (p.single === undefined) {
            value = lookup(record, p.path);
          } else {
            value = record[p.single];
            // Parsed JSON has no undefined values: undefined (or an inherited method) means absent.
            if (value === undefined || typeof value === 'function')
              value = has(record, p.single) ? record[p.single] : MISSING;
          }
          break;
        case 'extracted_at':
          value = context.timeExtracted ?? null;
          break;
        case 'batched_at':
          value = context.batchedAt;
          break;
        case 'deleted_at':
          value = record._sdc_deleted_at ?? null;
          break;
        case 'table_version':
          value = context.version ?? null;
          break;
      }
      if (value === MISSING) {
        absent = absent === '' ? String(i) : `${absent},${i}`;
        fields[i] = COPY_NULL;
      } else {
        fields[i] = encodeValue(value, p);
      }
    }
    let key = '';
    let keyMissing = false;
    for (let k = 0; k < keys.length; k++) {
      const field = fields[keys[k]];
      if (field === COPY_NULL) keyMissing = true;
      key = k === 0 ? field : `${key}\t${field}`;
    }
    const deleted = deletedAt !== undefined && fields[deletedAt] !== COPY_NULL;
    return { line: fields.join('\t'), key, absent, deleted, keyMissing };
  };
}
