import { getBookmark, setBookmark, type State } from '@pgsinger/singer';
import type { SqlType } from '../discovery/sql-type';
import type { StreamSyncContext, SyncStrategy } from '../run/strategy';
import { tableVersion } from '../stream/table-version';
import { convertValue } from '../values/value-converter';
import { announceStream } from './announce-stream';
import { incrementalQuery, relationRead } from './select-query';
import { inSnapshot, streamRecords, streamSerializer } from './stream-records';

/** INCREMENTAL: rows at or past the `replication_key_value` bookmark, in key order, checkpointed every batch. */
export const incrementalStrategy: SyncStrategy = {
  method: 'INCREMENTAL',
  async sync(context: StreamSyncContext, initial: State): Promise<State> {
    const { stream, writer, logger } = context;
    const id = stream.tapStreamId;
    const key = stream.replicationKey ?? '';
    const keyIndex = stream.columns.findIndex((column) => column.name === key);
    const keyColumn = stream.columns[keyIndex];
    const bookmark = getBookmark(initial, id) ?? {};
    const version = tableVersion(bookmark, context.clock);
    let state = setBookmark(initial, id, { replication_key: key, version });
    await announceStream(context, state, { bookmarkProperties: [key], activateVersion: version });
    const value = bookmark.replication_key_value;
    const query = incrementalQuery({
      ...relationRead(stream),
      key: { name: key, sqlDatatype: keyColumn.type.sqlDatatype },
      ...(typeof value === 'string' || typeof value === 'number' ? { bookmark: String(value) } : {}),
      limit: context.config.limit,
    });
    logger.info(`${id}: INCREMENTAL on ${key} from ${value === undefined ? 'the start' : JSON.stringify(value)}`);
    await inSnapshot(context.client, () =>
      streamRecords(context, query, streamSerializer(context, version), async (rows, checkpoint) => {
        // Rows come in key order with NULL keys last: the bookmark is the last non-null key of the batch.
        for (let i = rows.length - 1; i >= 0; i -= 1) {
          const text = rows[i][keyIndex];
          if (text !== null) {
            state = setBookmark(state, id, { replication_key_value: bookmarkValue(keyColumn.type, text) });
            break;
          }
        }
        if (checkpoint) await writer.write({ type: 'STATE', value: state });
      }),
    );
    return state;
  },
};

/** The bookmark as pipelinewise stores it (the record's value); numbers a JSON parser would round stay strings. */
export function bookmarkValue(type: SqlType, text: string): unknown {
  const value = convertValue(type, text);
  if (typeof value === 'number' && String(value) !== text) return text;
  return value;
}
