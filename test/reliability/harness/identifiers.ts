/** Quotes an identifier for the test's own SQL (doubling quotes). */
export const q = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Source tables with hostile names (in one schema), each with hostile column names (hyphens: identifiers.test.ts). */
export const HOSTILE_TABLES: readonly string[] = [
  'Order Items',
  'select',
  'with.dot',
  'ÜnïCödé',
  'UPPER',
  'quote"d',
  `t_${'x'.repeat(61)}`,
  `é${'t'.repeat(61)}`,
];

/** Column names of every hostile table (besides the key `id`). */
export const HOSTILE_COLUMNS: readonly string[] = [
  'Mixed Case',
  'select',
  'from',
  'col.with.dot',
  'col-hyphen',
  'quote"col',
  'ünï',
  `${'é'.repeat(31)}x`,
  `c_${'y'.repeat(61)}`,
  'UPPER',
];

/** The destination name target-postgres documents for a table: lower case, `.` and `-` → `_` (pure). */
export function expectedTableName(table: string): string {
  return table.toLowerCase().replace(/[.-]/g, '_');
}

/** The destination name of a column: lower case (pure; every name here is at most 63 bytes). */
export function expectedColumnName(column: string): string {
  return column.toLowerCase();
}

/** DDL and rows for one table: id plus every hostile column, three rows of text values naming table and column. */
export function hostileTableSql(schema: string, table: string): string {
  const columns = HOSTILE_COLUMNS.map((c) => `${q(c)} text`).join(', ');
  const values = [1, 2, 3]
    .map((id) => `(${id}, ${HOSTILE_COLUMNS.map((_c, i) => `'v${id}-${i} ''x'' \\ é'`).join(', ')})`)
    .join(', ');
  return (
    `CREATE TABLE ${q(schema)}.${q(table)} (id integer PRIMARY KEY, ${columns});` +
    `INSERT INTO ${q(schema)}.${q(table)} VALUES ${values};`
  );
}
