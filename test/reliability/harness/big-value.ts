import type { Queryable } from './source-table';

/** The column types the big-value cases carry. */
export type BigType = 'text' | 'bytea';

const MB = 1024 * 1024;

/**
 * SQL for a value of at least `mb` MB of `type`: not one repeated character but md5 runs with escapes (newline, tab,
 * backslash, quote, a 2-byte character; for bytea NUL, newline and 0xff), so a truncation or shift anywhere changes
 * the digest; `seed` makes values of the same size differ.
 */
export function bigValueSql(type: BigType, mb: number, seed = 0): string {
  const piece =
    type === 'text'
      ? `md5((g + ${seed})::text) || E'\\n\\t\\\\"é'`
      : `decode(md5((g + ${seed})::text), 'hex') || '\\x000aff'::bytea`;
  const unit = type === 'text' ? 38 : 19;
  const empty = type === 'text' ? "''" : "''::bytea";
  return `(SELECT string_agg(${piece}, ${empty}) FROM generate_series(1, ${Math.ceil((mb * MB) / unit)}) g)`;
}

/**
 * Rows of `source.big` and `destination.big` by id: whether `column` is equal (md5 in SQL; both NULL counts as equal)
 * and its length in bytes in the destination.
 */
export async function compareBig(
  db: Queryable,
  source: string,
  destination: string,
  column = 'v',
): Promise<{ id: number; same: boolean; bytes: number | null }[]> {
  const result = await db.query<{ id: number; same: boolean; bytes: number | null }>(
    `SELECT id, md5(s.${column}) IS NOT DISTINCT FROM md5(d.${column}) AND d.id IS NOT NULL AS same,
            octet_length(d.${column})::int AS bytes
       FROM ${source}.big s LEFT JOIN ${destination}.big d USING (id) ORDER BY id`,
  );
  return result.rows;
}
