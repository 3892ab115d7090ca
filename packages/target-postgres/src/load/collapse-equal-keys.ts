import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Batch } from '../batch/batch';
import { quoteIdent, quoteQualified } from '../identifiers';
import type { StreamTable } from '../stream-table';

const KEYS_TABLE = 'pgs_equal_keys';
const LINE_COLUMN = '_pgs_line';

/**
 * A batch whose keys PostgreSQL finds equal although their texts differ (spellings the key canonicalisers do not
 * read: `double precision` keys, citext, `inet` with and without `/32`…) makes the upsert fail with SQLSTATE 21000.
 * This rebuilds such a batch: PostgreSQL numbers the key values by its own equality (in a transaction of its own,
 * rolled back), and the rows are added again in input order under those numbers, so equal keys share one row (the
 * later record wins, a partial one merged as usual).
 */
export async function collapseEqualKeys(client: Client, target: StreamTable, batch: Batch): Promise<Batch> {
  const names = target.columns.map((c) => c.name);
  const keyIndexes = target.keys.map((k) => names.indexOf(k));
  const rows = [...batch.rows()].sort((a, b) => a.lineNumber - b.lineNumber);
  const keys = target.keys.map(quoteIdent).join(', ');
  const groups = new Map<number, number>();
  await client.query('BEGIN');
  try {
    await client.query(
      `CREATE TEMP TABLE ${quoteIdent(KEYS_TABLE)} ON COMMIT DROP AS SELECT ${keys} ` +
        `FROM ${quoteQualified(target.schema, target.table)} WITH NO DATA`,
    );
    await client.query(`ALTER TABLE ${quoteIdent(KEYS_TABLE)} ADD COLUMN ${quoteIdent(LINE_COLUMN)} bigint`);
    const lines = rows.map((row) => {
      const fields = row.line.split('\t');
      return `${keyIndexes.map((i) => fields[i]).join('\t')}\t${row.lineNumber}\n`;
    });
    const copy = `COPY ${quoteIdent(KEYS_TABLE)} (${keys}, ${quoteIdent(LINE_COLUMN)}) FROM STDIN`;
    await pipeline(Readable.from(lines), client.query(copyFrom(copy)));
    const ranked = await client.query<{ line: string; g: string }>(
      `SELECT ${quoteIdent(LINE_COLUMN)}::text AS line, dense_rank() OVER (ORDER BY ${keys})::text AS g ` +
        `FROM ${quoteIdent(KEYS_TABLE)}`,
    );
    for (const r of ranked.rows) groups.set(Number(r.line), Number(r.g));
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
  const collapsed = new Batch(true);
  for (const row of rows) {
    const key = groups.get(row.lineNumber) ?? -row.lineNumber;
    collapsed.add({ ...row, key, keyMissing: false }, row.lineNumber, 0);
  }
  return collapsed;
}
