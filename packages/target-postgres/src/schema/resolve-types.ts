import type { Queryable } from '@pgsinger/postgres';
import { quoteIdent } from '../identifiers';
import { isSafeTypeName } from './ddl';

/**
 * Canonical type names (format_type) for declared type texts; undefined for types the destination lacks. Also the
 * array element delimiter of each array type it resolved (pg_type.typdelim: `;` for box, `:` for PostGIS geometry).
 */
export class TypeResolver {
  private readonly cache = new Map<string, string | undefined>();
  private readonly delimiters = new Map<string, string>();
  private probe = 0;

  /** The element delimiter of a resolved array type (by its declared or canonical name); `,` when unknown. */
  delimiterOf(type: string): string {
    return this.delimiters.get(type) ?? ',';
  }

  /** Resolves every type not yet known with one probe table (one per type only when some type fails). */
  async resolve(client: Queryable, types: Iterable<string>): Promise<ReadonlyMap<string, string | undefined>> {
    const unknown = [...new Set(types)].filter((t) => !this.cache.has(t));
    const safe = unknown.filter(isSafeTypeName);
    for (const t of unknown) if (!isSafeTypeName(t)) this.cache.set(t, undefined);
    if (safe.length > 0) {
      await client.query('BEGIN');
      try {
        if (!(await this.tryProbe(client, safe))) for (const t of safe) await this.tryProbe(client, [t]);
      } finally {
        await client.query('ROLLBACK');
      }
    }
    return this.cache;
  }

  private async tryProbe(client: Queryable, types: readonly string[]): Promise<boolean> {
    const name = `pgs_probe_${++this.probe}`;
    await client.query('SAVEPOINT probe');
    try {
      const cols = types.map((t, i) => `c${i} ${t}`).join(', ');
      await client.query(`CREATE TEMP TABLE ${quoteIdent(name)} (${cols})`);
      const res = await client.query<{ n: number; type: string; delimiter: string | null }>(
        `SELECT a.attnum AS n, format_type(a.atttypid, a.atttypmod) AS type, e.typdelim::text AS delimiter
           FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
           LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A'
          WHERE a.attrelid = $1::regclass AND a.attnum > 0 ORDER BY a.attnum`,
        [`pg_temp.${quoteIdent(name)}`],
      );
      for (const row of res.rows) {
        this.cache.set(types[row.n - 1], row.type);
        if (row.delimiter !== null && row.delimiter !== ',') {
          this.delimiters.set(types[row.n - 1], row.delimiter).set(row.type, row.delimiter);
        }
      }
      await client.query('RELEASE SAVEPOINT probe');
      return true;
    } catch {
      await client.query('ROLLBACK TO SAVEPOINT probe');
      if (types.length === 1) this.cache.set(types[0], undefined);
      return false;
    }
  }
}
