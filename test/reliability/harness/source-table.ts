import type { QueryResult, QueryResultRow } from 'pg';

/** The slice of a pg client or pool the harness uses. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
}

/** Columns of src.items other than the key, compared one by one after every fault. */
export const VALUE_COLUMNS = ['n', 'amount', 'label', 'flag', 'payload', 'tags', 'blob', 'ts', 'day', 'updated_at'];

/** Creates src.items (a row per id, several types, updated_at kept current by a trigger) with `rows` rows. */
export async function createSourceTable(db: Queryable, rows: number): Promise<void> {
  await db.query(`
    CREATE SCHEMA src;
    CREATE TABLE src.items (
      id bigint PRIMARY KEY,
      n integer NOT NULL,
      amount numeric(20,6),
      label text,
      flag boolean,
      payload jsonb,
      tags text[],
      blob bytea,
      ts timestamptz,
      day date,
      updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
    );
    CREATE FUNCTION src.touch() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN NEW.updated_at := clock_timestamp(); RETURN NEW; END $$;
    CREATE TRIGGER touch BEFORE INSERT OR UPDATE ON src.items FOR EACH ROW EXECUTE FUNCTION src.touch();`);
  await insertRows(db, 1, rows, 0);
}

const INSERT_SELECT = (from: string, count: string, salt: string): string =>
  `INSERT INTO src.items (id, n, amount, label, flag, payload, tags, blob, ts, day)
   SELECT g, (g * 7 + ${salt}) % 1000003, (g * 1.000001 + ${salt})::numeric(20,6),
          'row ' || g || E' \\t\\n"' || md5(g::text || ${salt}), (g + ${salt}) % 3 = 0,
          jsonb_build_object('g', g, 'salt', ${salt}, 'deep', jsonb_build_array(1.5, 'x', null)),
          ARRAY['a' || g, NULL, 'é ' || ${salt}], decode(md5(g::text), 'hex'),
          timestamptz '2024-01-01 00:00:00.123456+00' + g * interval '1 second', date '2000-01-01' + (g % 9000)::int
     FROM generate_series(${from}::bigint, ${from}::bigint + ${count} - 1) g`;

/** Inserts ids [from, from + count) with values derived from the ids and `salt`. */
export async function insertRows(db: Queryable, from: number, count: number, salt: number): Promise<void> {
  await db.query(INSERT_SELECT('$1', '$2', '$3'), [from, count, salt]);
}

/** Inserts ids [from, from + count) one per transaction, all in one round trip: commits back to back. */
export async function insertBackToBack(db: Queryable, from: number, count: number, salt: number): Promise<void> {
  const statements = Array.from({ length: count }, (_v, i) => {
    const id = Math.trunc(from + i);
    return `BEGIN; ${INSERT_SELECT(String(id), '1', String(Math.trunc(salt)))}; COMMIT;`;
  });
  await db.query(statements.join('\n'));
}

/** Updates every row whose id ≡ residue (mod modulus) in [1, maxId], changing every value column. */
export async function updateRows(db: Queryable, modulus: number, residue: number, salt: number): Promise<void> {
  await db.query(
    `UPDATE src.items SET n = (n + 1) % 1000003, amount = amount + $3, label = label || '+', flag = NOT flag,
            payload = payload || jsonb_build_object('u', $3), tags = tags || ('u' || $3), ts = ts + interval '1 ms',
            blob = blob || '\\x00ff'::bytea
      WHERE id % $1 = $2`,
    [modulus, residue, salt],
  );
}

/** Deletes rows whose id ≡ residue (mod modulus) (LOG_BASED scenarios only). */
export async function deleteRows(db: Queryable, modulus: number, residue: number): Promise<void> {
  await db.query('DELETE FROM src.items WHERE id % $1 = $2', [modulus, residue]);
}
