import type { Queryable } from '@pgsinger/postgres';

/** What the target needs to know about an existing table. */
export interface ExistingTable {
  /** column name → type as format_type prints it. */
  readonly columns: ReadonlyMap<string, string>;
  /** True when a unique index covers exactly the key columns (ON CONFLICT can use it). */
  readonly hasKeyConstraint: boolean;
  /** The table's primary key constraint, if it has one. */
  readonly primaryKey: { readonly name: string; readonly columns: readonly string[] } | undefined;
}

/** The pg_class.relkind of a relation of that name (any kind: tables, views, sequences, …), or undefined. */
export async function relationKind(client: Queryable, schema: string, name: string): Promise<string | undefined> {
  const res = await client.query<{ relkind: string }>(
    `SELECT c.relkind::text AS relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2`,
    [schema, name],
  );
  return res.rows[0]?.relkind;
}

/** Reads a table's columns and whether its key columns are unique; undefined when the table does not exist. */
export async function readTable(
  client: Queryable,
  schema: string,
  table: string,
  keys: readonly string[],
): Promise<ExistingTable | undefined> {
  const rel = await client.query<{ oid: string }>(
    `SELECT c.oid::text AS oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')`,
    [schema, table],
  );
  const oid = rel.rows[0]?.oid;
  if (oid === undefined) return undefined;
  const cols = await client.query<{ name: string; type: string }>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
      WHERE attrelid = $1::oid AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [oid],
  );
  const columns = new Map(cols.rows.map((r) => [r.name, r.type]));
  let hasKeyConstraint = false;
  if (keys.length > 0) {
    const idx = await client.query<{ ok: boolean }>(
      `SELECT EXISTS (
         SELECT 1 FROM pg_index i
          WHERE i.indrelid = $1::oid AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
            AND (SELECT array_agg(a.attname::text ORDER BY a.attname::text COLLATE "C") FROM pg_attribute a
                  WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)) = (SELECT array_agg(k ORDER BY k COLLATE "C") FROM unnest($2::text[]) k)
       ) AS ok`,
      [oid, keys],
    );
    hasKeyConstraint = idx.rows[0]?.ok === true;
  }
  const pk = await client.query<{ name: string; columns: string[] }>(
    `SELECT con.conname AS name, array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_constraint con CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
      WHERE con.conrelid = $1::oid AND con.contype = 'p' GROUP BY con.conname`,
    [oid],
  );
  return { columns, hasKeyConstraint, primaryKey: pk.rows[0] };
}
