import type { TypedColumn } from '../stream/resolved-stream';
import type { RawRow } from './read-batches';

/** A row's key as a bookmark stores it: each key column's name with PostgreSQL's text of its value. */
export type KeyPoint = Record<string, string | null>;

/** The key point of a row (its key columns at `indexes`, in key order). */
export function keyPointOf(row: RawRow, keys: readonly TypedColumn[], indexes: readonly number[]): KeyPoint {
  const point: KeyPoint = {};
  keys.forEach((key, i) => (point[key.name] = row[indexes[i]]));
  return point;
}

/** A stored key point's texts in key order; undefined when absent, not an object, or not for exactly these keys. */
export function keyPointTexts(value: unknown, keys: readonly string[]): string[] | undefined {
  if (keys.length === 0 || typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const point = value as Record<string, unknown>;
  if (Object.keys(point).length !== keys.length) return undefined;
  const texts = keys.map((key) => point[key]);
  return texts.every((text): text is string => typeof text === 'string') ? texts : undefined;
}
