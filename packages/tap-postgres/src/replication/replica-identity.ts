import type { Queryable } from '@pgsinger/postgres';
import type { TableName } from './decoded-change';

/** A stream table whose changes cannot be identified: the table, or the leaf partitions of it, that lack one. */
export interface IdentityGap {
  readonly table: TableName;
  readonly missing: readonly TableName[];
}

// Logical decoding identifies an updated or deleted row by its replica identity. There is none with NOTHING, with
// DEFAULT and no primary key (a DEFERRABLE primary key does not count), or with USING INDEX on a dropped index; and
// USING INDEX on an index without every primary key column sends deletes without the stream's key. For a
// partitioned table, changes are decoded on its leaf partitions, so each leaf needs one. Inheritance children are
// streams of their own (the parent is read with ONLY) and are not looked at here.
const SQL = `
WITH requested AS (
  SELECT t.schema, t.name, c.oid, c.relkind
    FROM unnest($1::text[], $2::text[]) AS t(schema, name)
    JOIN pg_catalog.pg_namespace n ON n.nspname = t.schema
    JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = t.name
), members AS (
  SELECT r.schema, r.name, r.oid AS member FROM requested r WHERE r.relkind <> 'p'
  UNION ALL
  SELECT r.schema, r.name, p.relid FROM requested r, pg_catalog.pg_partition_tree(r.oid) p
   WHERE r.relkind = 'p' AND p.isleaf
)
SELECT m.schema, m.name, mn.nspname AS member_schema, mc.relname AS member_table
  FROM members m
  JOIN pg_catalog.pg_class mc ON mc.oid = m.member
  JOIN pg_catalog.pg_namespace mn ON mn.oid = mc.relnamespace
 WHERE NOT (mc.relreplident = 'f'
        OR (mc.relreplident = 'd' AND EXISTS (SELECT 1 FROM pg_catalog.pg_index i
                                               WHERE i.indrelid = mc.oid AND i.indisprimary AND i.indimmediate))
        OR (mc.relreplident = 'i' AND EXISTS (
              SELECT 1 FROM pg_catalog.pg_index i
               WHERE i.indrelid = mc.oid AND i.indisreplident
                 AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index p WHERE p.indrelid = mc.oid AND p.indisprimary
                                    AND NOT p.indkey::int2[] <@ i.indkey::int2[]))))
 ORDER BY m.schema, m.name, mn.nspname, mc.relname`;

/** The tables (of those given) whose updates and deletes logical decoding could not identify. */
export async function findIdentityGaps(client: Queryable, tables: readonly TableName[]): Promise<IdentityGap[]> {
  if (tables.length === 0) return [];
  const result = await client.query<{ schema: string; name: string; member_schema: string; member_table: string }>(
    SQL,
    [tables.map((t) => t.schema), tables.map((t) => t.table)],
  );
  const gaps = new Map<string, { table: TableName; missing: TableName[] }>();
  for (const row of result.rows) {
    const key = `${row.schema}\u0000${row.name}`;
    const gap = gaps.get(key) ?? { table: { schema: row.schema, table: row.name }, missing: [] };
    gap.missing.push({ schema: row.member_schema, table: row.member_table });
    gaps.set(key, gap);
  }
  return [...gaps.values()];
}
