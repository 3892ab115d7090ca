import type { TestDatabase } from '@pgsinger/testkit';

/** A table of the test database. */
export interface TableRef {
  readonly schema: string;
  readonly table: string;
}

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

async function columnTypes(db: TestDatabase, ref: TableRef): Promise<Map<string, string>> {
  const { rows } = await db.query<{ name: string; type: string }>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
      WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [`${q(ref.schema)}.${q(ref.table)}`],
  );
  return new Map(rows.map((r) => [r.name, r.type]));
}

/** The destination table's columns and their types (format_type). */
export async function destinationColumns(db: TestDatabase, ref: TableRef): Promise<Record<string, string>> {
  return Object.fromEntries(await columnTypes(db, ref));
}

/**
 * The two sides of one column as text: the source's own text, and the destination's value read back as the source
 * type (so `1.50` kept as double precision `1.5` reads `1.50` again from numeric(12,2): equal within the destination's
 * type mapping, as pipelinewise defines it). JSON columns holding arrays compare as JSON; a timestamp without zone holding
 * a timestamptz reads as UTC. The third part is how pipelinewise writes a NULL of that column (also accepted).
 */
function textPair(column: string, source: string, destination: string): [string, string, string] {
  const s = `s.${q(column)}`;
  const d = `d.${q(column)}`;
  if (destination === 'jsonb' || destination === 'json') {
    const json = source === 'jsonb' || source === 'json';
    // pipelinewise's tap sends a NULL array as [] and its target writes a NULL json value as JSON null.
    const nullSpelling = json ? `'null'` : `'[]'`;
    return [json ? `${s}::jsonb::text` : `to_jsonb(${s})::text`, `${d}::jsonb::text`, nullSpelling];
  }
  if (source === 'timestamp with time zone' && destination === 'timestamp without time zone')
    return [`${s}::text`, `(${d} AT TIME ZONE 'UTC')::text`, 'NULL'];
  return [`${s}::text`, `${d}::${source}::text`, 'NULL'];
}

/**
 * Per column, the keys (as text, up to 5) of rows where source and destination differ compared by text; rows only on
 * one side count for every column; columns missing from the destination are listed under `missing columns`.
 */
export async function textDifferences(
  db: TestDatabase,
  source: TableRef,
  destination: TableRef,
  key: string,
): Promise<Record<string, string[]>> {
  const sourceTypes = await columnTypes(db, source);
  const destinationTypes = await columnTypes(db, destination);
  const differences: Record<string, string[]> = {};
  const missing = [...sourceTypes.keys()].filter((c) => !destinationTypes.has(c));
  if (missing.length > 0) differences['missing columns'] = missing;
  const from =
    `${q(source.schema)}.${q(source.table)} s FULL JOIN ${q(destination.schema)}.${q(destination.table)} d` +
    ` ON s.${q(key)}::text = d.${q(key)}::text`;
  for (const [column, type] of sourceTypes) {
    const destinationType = destinationTypes.get(column);
    if (destinationType === undefined) continue;
    const [left, right, nullSpelling] = textPair(column, type, destinationType);
    const { rows } = await db.query<{ k: string }>(
      `SELECT coalesce(s.${q(key)}::text, d.${q(key)}::text) AS k FROM ${from}
        WHERE (${left}) IS DISTINCT FROM (${right})
          AND NOT (s.${q(key)} IS NOT NULL AND s.${q(column)} IS NULL AND (${right}) = ${nullSpelling})
        ORDER BY 1 LIMIT 5`,
    );
    if (rows.length > 0) differences[column] = rows.map((r) => r.k);
  }
  return differences;
}

/** Columns of the destination that a versioning rename made (`<col>_<YYYYMMDD_HHMM>`). */
export async function versionedColumns(db: TestDatabase, ref: TableRef): Promise<string[]> {
  return [...(await columnTypes(db, ref)).keys()].filter((c) => /_\d{8}_\d{4}$/.test(c));
}
