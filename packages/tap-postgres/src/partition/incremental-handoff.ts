import { quoteIdent } from '@pgsinger/postgres';
import type { Bookmark } from '@pgsinger/singer';
import type { ClientBase } from 'pg';
import type { ResolvedStream } from '../stream/resolved-stream';
import { bookmarkValue, TIE_BREAKER_KEY, TIE_XMIN_KEY } from '../sync/incremental-position';
import { keyPointOf } from '../sync/key-point';
import { fromClause, relationRead } from '../sync/select-query';
import type { SnapshotXids } from '../sync/snapshot-xids';

/**
 * INCREMENTAL's bookmark after a partitioned copy: the last row in (replication key, primary key) order at plan
 * time, with the plan snapshot's xmin. Every row of that snapshot up to it is in some partition (each reads later);
 * rows written since have a newer key, or sit at its value with a newer xmin, so the next run reads them (see
 * docs/replication/incremental.md). Without a primary key: the key value alone (the next run reads `>=` it).
 */
export async function incrementalHandoff(
  client: ClientBase,
  stream: ResolvedStream,
  snapshot: SnapshotXids,
): Promise<Bookmark> {
  const key = stream.replicationKey ?? '';
  const keyColumn = stream.columns.find((column) => column.name === key);
  const names = [key, ...stream.tableKeys.map((column) => column.name)];
  const result = await client.query<(string | null)[]>({
    text:
      `SELECT ${names.map(quoteIdent).join(', ')} ${fromClause(relationRead(stream))}` +
      ` WHERE ${quoteIdent(key)} IS NOT NULL ORDER BY ${names.map((name) => `${quoteIdent(name)} DESC`).join(', ')}` +
      ' LIMIT 1',
    values: [],
    rowMode: 'array',
  });
  const row = result.rows[0];
  if (row === undefined || keyColumn === undefined) return { replication_key: key };
  const tied = stream.tableKeys.length > 0;
  return {
    replication_key: key,
    replication_key_value: bookmarkValue(keyColumn.type, row[0] ?? '', stream.temporalFormat),
    ...(tied
      ? {
          [TIE_BREAKER_KEY]: keyPointOf(
            row,
            stream.tableKeys,
            stream.tableKeys.map((_, i) => i + 1),
          ),
          [TIE_XMIN_KEY]: Number(snapshot.xmin),
        }
      : {}),
  };
}
