import { quoteLiteral } from '@pgsinger/postgres';
import type { ServerSettings } from '@pgsinger/testkit';
import type { Queryable } from './source-table';
import { VALUE_COLUMNS } from './source-table';

/**
 * Makes the source database's src.items readable from the destination database (postgres_fdw), so that the two
 * clusters are compared in SQL on the destination.
 */
export async function linkSource(destination: Queryable, source: ServerSettings): Promise<void> {
  const option = (name: string, value: string | number): string => `${name} ${quoteLiteral(String(value))}`;
  const password = source.password === undefined ? '' : `, ${option('password', source.password)}`;
  await destination.query(`
    CREATE EXTENSION postgres_fdw;
    CREATE SERVER source_cluster FOREIGN DATA WRAPPER postgres_fdw
      OPTIONS (${option('host', source.host)}, ${option('port', source.port)}, ${option('dbname', source.dbname)});
    CREATE USER MAPPING FOR CURRENT_USER SERVER source_cluster OPTIONS (${option('user', source.user)}${password});
    CREATE SCHEMA source_fdw;
    IMPORT FOREIGN SCHEMA src LIMIT TO (items) FROM SERVER source_cluster INTO source_fdw;
    CREATE SCHEMA source_copy;`);
}

/** Copies src.items of the source (linkSource) into source_copy.items of the destination, once per comparison. */
async function snapshotSource(destination: Queryable): Promise<void> {
  const copy = () =>
    destination.query(`
      DROP TABLE IF EXISTS source_copy.items;
      CREATE TABLE source_copy.items AS SELECT * FROM source_fdw.items;
      ANALYZE source_copy.items`);
  // A cached foreign connection that died in a source restart: postgres_fdw reconnects on the next transaction.
  await copy().catch(copy);
}

/** How the destination differs from the source (all zero and empty when equal). */
export interface Comparison {
  readonly sourceRows: number;
  readonly destinationRows: number;
  /** Source keys absent from the destination (or soft-deleted there). */
  readonly lost: number;
  /** Destination keys that are not live in the source and not marked deleted. */
  readonly extra: number;
  /** Keys present more than once in the destination. */
  readonly duplicated: number;
  /** Rows deleted at the source and kept with `_sdc_deleted_at` (hard_delete off). */
  readonly softDeleted: number;
  /** Column → rows whose value differs. */
  readonly differing: Readonly<Record<string, number>>;
  /** A few lost/extra keys for the failure message. */
  readonly sampleKeys: readonly string[];
}

/**
 * Compares dst.items with the source's src.items in SQL on the destination database `db` (after linkSource);
 * `softDelete`: the destination has `_sdc_deleted_at`.
 */
export async function compareTables(
  db: Queryable,
  options: { readonly softDelete: boolean; readonly keysOnly?: boolean },
): Promise<Comparison> {
  await snapshotSource(db);
  const live = options.softDelete ? 'WHERE _sdc_deleted_at IS NULL' : '';
  const counts = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM source_copy.items)::int AS source_rows,
            (SELECT count(*) FROM dst.items)::int AS destination_rows,
            (SELECT count(*) - count(DISTINCT id) FROM dst.items)::int AS duplicated,
            (SELECT count(*) FROM source_copy.items s WHERE NOT EXISTS (SELECT 1 FROM (SELECT id FROM dst.items ${live}) d
               WHERE d.id = s.id))::int AS lost,
            (SELECT count(*) FROM (SELECT id FROM dst.items ${live}) d
               WHERE NOT EXISTS (SELECT 1 FROM source_copy.items s WHERE s.id = d.id))::int AS extra,
            ${options.softDelete ? '(SELECT count(*) FROM dst.items WHERE _sdc_deleted_at IS NOT NULL)::int' : '0'}
              AS soft_deleted`,
  );
  const row = counts.rows[0] ?? {};
  const sample = await db.query<{ id: string }>(
    `(SELECT s.id::text FROM source_copy.items s LEFT JOIN (SELECT id FROM dst.items ${live}) d USING (id) WHERE d.id IS NULL
      LIMIT 5)
     UNION ALL
     (SELECT 'extra:' || d.id FROM (SELECT id FROM dst.items ${live}) d LEFT JOIN source_copy.items s USING (id)
       WHERE s.id IS NULL LIMIT 5)`,
  );
  const differing: Record<string, number> = {};
  if (options.keysOnly !== true) {
    // One join for every column: the tables grow to hundreds of thousands of rows in a soak.
    const counts = VALUE_COLUMNS.map((c) => `count(*) FILTER (WHERE s.${c} IS DISTINCT FROM d.${c})::int AS ${c}`);
    const result = await db.query<Record<string, number>>(
      `SELECT ${counts.join(', ')} FROM source_copy.items s JOIN dst.items d USING (id)`,
    );
    for (const column of VALUE_COLUMNS) {
      const n = result.rows[0]?.[column] ?? 0;
      if (n > 0) differing[column] = n;
    }
  }
  return {
    sourceRows: row.source_rows ?? 0,
    destinationRows: row.destination_rows ?? 0,
    lost: row.lost ?? 0,
    extra: row.extra ?? 0,
    duplicated: row.duplicated ?? 0,
    softDeleted: row.soft_deleted ?? 0,
    differing,
    sampleKeys: sample.rows.map((r) => r.id),
  };
}

/** True when nothing was lost, added or duplicated and every compared value is equal. */
export function isEqual(comparison: Comparison): boolean {
  const { lost, extra, duplicated, differing } = comparison;
  return lost === 0 && extra === 0 && duplicated === 0 && Object.keys(differing).length === 0;
}
