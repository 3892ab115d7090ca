import type { ExpectedRow } from './target-fixture';
import { valuesMatch } from './values-match';

/** Finds the destination column of a fixture property (default: same name, else the same name ignoring case). */
export type ColumnNameOf = (streamName: string, property: string) => string;

/** Marks a property the destination rows do not have at all. */
export const MISSING_COLUMN = '<missing column>';

/**
 * Projects destination rows onto the fixture's properties (values that match become the fixture's JSON value) and
 * sorts both sides the same way, so `expect(actual).toEqual(expected)` compares them and shows a readable diff.
 */
export function compareRows(
  streamName: string,
  expected: readonly ExpectedRow[],
  actual: readonly Readonly<Record<string, unknown>>[],
  columnName?: ColumnNameOf,
): { expected: ExpectedRow[]; actual: ExpectedRow[] } {
  const properties = [...new Set(expected.flatMap((row) => Object.keys(row)))];
  const full = expected.map((row) => Object.fromEntries(properties.map((name) => [name, row[name] ?? null])));
  const columns = new Set(actual.flatMap((row) => Object.keys(row)));
  const columnOf = new Map(
    properties.map((name) => [name, columnName ? columnName(streamName, name) : findColumn(columns, name)]),
  );
  const projected = actual.map((row) =>
    Object.fromEntries(
      properties.map((name) => {
        const column = columnOf.get(name);
        const value = column === undefined || !columns.has(column) ? MISSING_COLUMN : (row[column] ?? null);
        // A value standing for some expected value takes that value's JSON form, so sorting lines both sides up.
        const match = full.find((candidate) => valuesMatch(candidate[name], value));
        return [name, match ? match[name] : value];
      }),
    ),
  );
  return { expected: sortRows(full), actual: sortRows(projected) };
}

function findColumn(columns: ReadonlySet<string>, property: string): string | undefined {
  if (columns.has(property)) return property;
  const lower = property.toLowerCase();
  return [...columns].find((key) => key.toLowerCase() === lower);
}

function sortRows(rows: ExpectedRow[]): ExpectedRow[] {
  return rows
    .map((row) => ({ row, key: JSON.stringify(row) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ row }) => row);
}
