import type { ColumnSource, LoadColumn } from '../stream-table';
import { COPY_NULL, escapeCopyText } from './copy-text';
import { elementKindOf, toPgText, valueKindOf, type ValueKind } from './literals';

/** How one column's value is found and written, decided once per stream (shared by both encoders). */
export interface FieldPlan {
  readonly path: readonly string[];
  /** The record key of a top-level property. */
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
