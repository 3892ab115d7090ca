import type { Queryable } from '@pgsinger/postgres';

/** One selectable column of one relation, as the catalog query returns it. */
export interface ColumnRow {
  readonly schema_name: string;
  readonly table_name: string;
  /** pg_class.relkind: r table, p partitioned table, v view, m materialized view. */
  readonly relkind: string;
  /** pg_class.relispopulated as text: 'false' only for a materialized view created or refreshed WITH NO DATA. */
  readonly populated: string;
  readonly row_count: string;
  readonly column_name: string;
  readonly sql_datatype: string;
  /** 1-based position in the primary key, null when not a key column. */
  readonly key_position: string | null;
  /** Number of primary key columns of the relation (visible or not), null without a primary key. */
  readonly key_count: string | null;
}

/** Which relations to read: schemas (all non-system when empty), exact tables, partitions too. */
export interface ReadColumnsOptions {
  readonly schemas?: readonly string[];
  readonly tables?: readonly { readonly schema: string; readonly table: string }[];
  readonly includePartitions?: boolean;
}

// One query for the whole database (never one per table): domains resolve to their base type (through domains over
// domains; the innermost type modifier that is set wins), arrays of domains to arrays of the base type; only columns
// the user may SELECT, in schemas where the user has USAGE (without it, SELECT on the table is not enough).
const SQL = `
WITH RECURSIVE domains AS (
  SELECT oid AS domain_oid, typbasetype AS base, typtypmod AS typmod FROM pg_catalog.pg_type WHERE typtype = 'd'
  UNION ALL
  SELECT d.domain_oid, t.typbasetype, CASE WHEN d.typmod = -1 THEN t.typtypmod ELSE d.typmod END
  FROM domains d JOIN pg_catalog.pg_type t ON t.oid = d.base AND t.typtype = 'd'
), base_types AS (
  SELECT d.domain_oid, format_type(d.base, d.typmod) AS name
  FROM domains d JOIN pg_catalog.pg_type t ON t.oid = d.base AND t.typtype <> 'd'
)
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       c.relkind::text AS relkind,
       c.relispopulated::text AS populated,
       GREATEST(c.reltuples, 0)::bigint::text AS row_count,
       a.attname AS column_name,
       COALESCE(bt.name, ebt.name || '[]', format_type(a.atttypid, a.atttypmod)) AS sql_datatype,
       array_position(i.indkey::int2[], a.attnum)::text AS key_position,
       i.indnkeyatts::text AS key_count
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN base_types bt ON bt.domain_oid = t.oid
LEFT JOIN base_types ebt ON t.typcategory = 'A' AND ebt.domain_oid = t.typelem
LEFT JOIN pg_catalog.pg_index i ON i.indrelid = c.oid AND i.indisprimary
WHERE c.relkind IN ('r', 'p', 'v', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
  AND ($1::boolean OR NOT c.relispartition)
  AND ($2::text[] IS NULL OR n.nspname = ANY ($2::text[]))
  AND ($3::text[] IS NULL OR (n.nspname, c.relname) IN (SELECT * FROM unnest($3::text[], $4::text[])))
  AND has_schema_privilege(n.oid, 'USAGE')
  AND has_column_privilege(c.oid, a.attnum, 'SELECT')
ORDER BY n.nspname, c.relname, a.attnum`;

/** Reads every selectable column of the relations asked for, in one round-trip. */
export async function readColumns(client: Queryable, options: ReadColumnsOptions = {}): Promise<ColumnRow[]> {
  const schemas = options.schemas && options.schemas.length > 0 ? [...options.schemas] : null;
  const tables = options.tables;
  const result = await client.query<ColumnRow>(SQL, [
    options.includePartitions === true || tables !== undefined,
    schemas,
    tables ? tables.map((t) => t.schema) : null,
    tables ? tables.map((t) => t.table) : null,
  ]);
  return result.rows;
}

/** The name of the connected database. */
export async function currentDatabase(client: Queryable): Promise<string> {
  const result = await client.query<{ name: string }>('SELECT current_database() AS name');
  return result.rows[0]?.name ?? '';
}
