import type { ClientBase, CustomTypesConfig } from 'pg';
import Cursor from 'pg-cursor';
import type { SelectQuery } from './select-query';

/** One row in array mode, every value as PostgreSQL's text (null for SQL NULL). */
export type RawRow = (string | null)[];

/** Keeps every value as the server's text: converters decide, not pg's global type parsers. */
export const RAW_TEXT_TYPES: CustomTypesConfig = {
  getTypeParser: () => (value: string) => value,
};

/** Reads a query with pg-cursor in batches of `batchSize` rows; the caller's awaits pause the cursor. */
export async function* readBatches(
  client: ClientBase,
  query: SelectQuery,
  batchSize: number,
): AsyncGenerator<RawRow[], void, undefined> {
  const cursor = client.query(
    new Cursor<RawRow>(query.text, query.values, { rowMode: 'array', types: RAW_TEXT_TYPES }),
  );
  try {
    for (;;) {
      const rows = await cursor.read(batchSize);
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < batchSize) return;
    }
  } finally {
    await cursor.close();
  }
}
