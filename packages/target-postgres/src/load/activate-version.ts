import type { Client } from 'pg';
import { quoteIdent, quoteQualified } from '../identifiers';
import type { StreamTable } from '../stream-table';

/** After a completed full load: soft-marks (`_sdc_deleted_at`) or deletes rows of older table versions; returns the count. */
export async function activateVersion(
  client: Client,
  target: StreamTable,
  version: number,
  mode: 'soft' | 'hard',
): Promise<number> {
  const table = quoteQualified(target.schema, target.table);
  const older = `(${quoteIdent('_sdc_table_version')} IS NULL OR ${quoteIdent('_sdc_table_version')} < $1)`;
  const sql =
    mode === 'hard'
      ? `DELETE FROM ${table} WHERE ${older}`
      : `UPDATE ${table} SET ${quoteIdent('_sdc_deleted_at')} = now() WHERE ${quoteIdent('_sdc_deleted_at')} IS NULL AND ${older}`;
  const result = await client.query(sql, [version]);
  return result.rowCount ?? 0;
}
