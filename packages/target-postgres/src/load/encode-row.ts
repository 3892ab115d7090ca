import type { ColumnSource } from '../schema/column-spec';
import { COPY_NULL, escapeCopyText } from './copy-text';
import { elementKindOf, toPgText, valueKindOf, type ValueKind } from './literals';

/** A loaded column: its name, record path, value source and actual type in the table. */
export interface LoadColumn {
  readonly name: string;
  readonly path: readonly string[];
  readonly source: ColumnSource;
  readonly type: string;
}

/** What a record message contributes besides its record. */
export interface RecordContext {
  readonly timeExtracted: string | undefined;
  readonly batchedAt: string;
  readonly version: number | undefined;
}

/** One encoded row: COPY text line (without newline), the fields of the key columns, which columns were absent, deleted flag. */
export interface EncodedRow {
  readonly line: string;
  /**
   * The line as UTF-8 bytes instead (the fast path; `line` is then empty): the first `byteLength` bytes of a buffer
   * that the next row overwrites.
   */
  readonly bytes?: Buffer;
  readonly byteLength?: number;
  /** The key columns' fields joined by tabs; or a small integer key already as its number (see slotKey). */
  readonly key: string | number;
  /** Comma-joined indexes of columns absent from the record ('' when all present). */
  readonly absent: string;
  readonly deleted: boolean;
  /** True when a key column is null or absent. */
  readonly keyMissing: boolean;
}

/** Encodes one record into a COPY text row. */
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

/** How one column's value is found and written, decided once per stream. */
export interface FieldPlan {
  readonly path: readonly string[];
  readonly single: string | undefined;
  readonly source: ColumnSource;
  readonly kind: ValueKind;
  readonly element: ValueKind;
  /** Strings and numbers are written as they are (no literal syntax around them). */
  readonly plain: boolean;
}

/** The field plan of a column. */
export function planField(c: LoadColumn): FieldPlan {
  const kind = valueKindOf(c.type);
  return {
    path: c.path,
    single: c.path.length === 1 ? (c.path[0] ?? '') : undefined,
    source: c.source,
    kind,
    element: elementKindOf(c.type),
    plain: !['json', 'jsonb', 'hstore', 'array'].includes(kind),
  };
}

/** A parsed JSON value as one COPY text field of a column. */
export function encodeValue(value: unknown, p: FieldPlan): string {
  if (value === null || value === undefined) return COPY_NULL;
  if (p.plain && typeof value === 'string') return escapeCopyText(value);
  if (p.plain && typeof value === 'number') return String(value);
  return escapeCopyText(toPgText(value, p.kind, p.element));
}

/** Options for compileRowEncoder. */
export interface EncoderOptions {
  readonly columns: readonly LoadColumn[];
  /** Indexes (into columns) of the key columns. */
  readonly keyIndexes: readonly number[];
  readonly deletedAtIndex: number | undefined;
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
