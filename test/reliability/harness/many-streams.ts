import type { Queryable } from './source-table';

/** Rows in each of the many tables: a few, so that every stream carries more than one record. */
export const ROWS_PER_TABLE = 3;

/** Creates `count` tables `t00001`… of ROWS_PER_TABLE rows in `schema`, in chunks (one DO block each); returns ms. */
export async function createManyTables(db: Queryable, schema: string, count: number): Promise<number> {
  const started = Date.now();
  await db.query(`CREATE SCHEMA ${schema}`);
  const chunk = 500;
  for (let from = 1; from <= count; from += chunk) {
    const to = Math.min(count, from + chunk - 1);
    await db.query(
      `DO $$ BEGIN FOR i IN ${from}..${to} LOOP
         EXECUTE format('CREATE TABLE ${schema}.%1$I (id int PRIMARY KEY, v text);
                         INSERT INTO ${schema}.%1$I SELECT %2$s * 10 + r, %3$L || r FROM generate_series(1, ${ROWS_PER_TABLE}) r',
                        't' || lpad(i::text, 5, '0'), i, 'row of ' || i || E' \\'"\\\\\\n#');
       END LOOP; END $$`,
    );
  }
  return Date.now() - started;
}

/** What arrived of `source`'s tables in `destination`: tables there, rows there, and tables whose rows differ. */
export interface ManyLoaded {
  readonly tables: number;
  readonly rows: number;
  readonly differing: number;
}

/** Tables compared per query: each query locks its tables until it ends, and 10,000 at once exhaust the lock table. */
const COMPARE_CHUNK = 500;

/** Compares every table of `source` with its namesake in `destination`, row by row, COMPARE_CHUNK tables a query. */
export async function compareManyTables(db: Queryable, source: string, destination: string): Promise<ManyLoaded> {
  const count = (sql: string): string =>
    `(xpath('/row/c/text()', query_to_xml(${sql}, false, true, '')))[1]::text::int`;
  const names = await db.query<{ tablename: string }>(
    'SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename',
    [source],
  );
  const total = { tables: 0, rows: 0, differing: 0 };
  for (let from = 0; from < names.rows.length; from += COMPARE_CHUNK) {
    const chunk = names.rows.slice(from, from + COMPARE_CHUNK).map((r) => r.tablename);
    const result = await db.query<ManyLoaded>(
      `SELECT count(d.tablename)::int AS tables,
              coalesce(sum(CASE WHEN d.tablename IS NOT NULL
                           THEN ${count(`format('SELECT count(*) AS c FROM %I.%I', $2::text, d.tablename)`)} END), 0)::int AS rows,
              count(*) FILTER (WHERE CASE WHEN d.tablename IS NULL THEN true ELSE ${count(
                `format('SELECT count(*) AS c FROM ((SELECT id, v FROM %1$I.%3$I EXCEPT ALL SELECT id, v FROM %2$I.%3$I)
                         UNION ALL (SELECT id, v FROM %2$I.%3$I EXCEPT ALL SELECT id, v FROM %1$I.%3$I)) x',
                        $1::text, $2::text, s.tablename)`,
              )} > 0 END)::int AS differing
         FROM pg_tables s LEFT JOIN pg_tables d ON d.schemaname = $2 AND d.tablename = s.tablename
        WHERE s.schemaname = $1 AND s.tablename = ANY($3::text[])`,
      [source, destination, chunk],
    );
    const part = result.rows[0];
    if (part === undefined) continue;
    total.tables += part.tables;
    total.rows += part.rows;
    total.differing += part.differing;
  }
  return total;
}
