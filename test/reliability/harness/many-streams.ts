import type { Queryable } from './source-table';

/** Creates `count` one-row tables `t00001`… in `schema`, in chunks (one DO block each), and returns the time taken. */
export async function createManyTables(db: Queryable, schema: string, count: number): Promise<number> {
  const started = Date.now();
  await db.query(`CREATE SCHEMA ${schema}`);
  const chunk = 500;
  for (let from = 1; from <= count; from += chunk) {
    const to = Math.min(count, from + chunk - 1);
    await db.query(
      `DO $$ BEGIN FOR i IN ${from}..${to} LOOP
         EXECUTE format('CREATE TABLE ${schema}.%I (id int PRIMARY KEY, v text); INSERT INTO ${schema}.%I VALUES (%s, %L)',
                        't' || lpad(i::text, 5, '0'), 't' || lpad(i::text, 5, '0'), i, 'row of ' || i);
       END LOOP; END $$`,
    );
  }
  return Date.now() - started;
}

/** Destination tables in `schema` and the rows they hold (one query over the catalog and a union would be huge). */
export async function countLoaded(db: Queryable, schema: string): Promise<{ tables: number; rows: number }> {
  const tables = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1', [
    schema,
  ]);
  const rows = await db.query<{ n: number }>(
    `SELECT coalesce(sum((xpath('/row/c/text()',
              query_to_xml(format('SELECT count(*) AS c FROM %I.%I', schemaname, tablename), false, true, '')))[1]::text::int), 0)::int AS n
       FROM pg_tables WHERE schemaname = $1`,
    [schema],
  );
  return { tables: tables.rows[0]?.n ?? 0, rows: rows.rows[0]?.n ?? 0 };
}
