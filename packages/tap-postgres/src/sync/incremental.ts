import { quoteIdent } from '@pgsinger/postgres';
import { getBookmark, setBookmark, type State } from '@pgsinger/singer';
import type { ClientBase } from 'pg';
import type { StreamSyncContext, SyncStrategy } from '../run/strategy';
import type { ResolvedStream } from '../stream/resolved-stream';
import { tableVersion } from '../stream/table-version';
import { announceStream } from './announce-stream';
import { incrementalQuery, type IncrementalStart } from './incremental-query';
import { IncrementalPosition } from './incremental-position';
import { keyPointTexts } from './key-point';
import { storedTie, withIncrementalPoint, type IncrementalPoint, type StoredTie } from './keyset-state';
import { fromClause, relationRead } from './select-query';
import { snapshotXids } from './snapshot-xids';
import { inSnapshot, streamRecords } from './stream-records';
import { xminWindow } from './xmin-window';

/**
 * INCREMENTAL: rows whose replication key is not NULL, in (replication key, primary key) order, checkpointed every
 * batch. With a primary key the position is that tuple — the value in the bookmark, the tie-breaker under
 * `pgsinger.keyset` (see keyset-state) — and a run resumes strictly after it (see incrementalQuery); without one
 * (views, keyless tables, pipelinewise bookmarks, a tie-breaker of another value) it resumes at the value (`>=`).
 */
export const incrementalStrategy: SyncStrategy = {
  method: 'INCREMENTAL',
  async sync(context: StreamSyncContext, initial: State): Promise<State> {
    const { stream, writer, logger } = context;
    const id = stream.tapStreamId;
    const key = stream.replicationKey ?? '';
    const indexOf = (name: string): number => stream.columns.findIndex((column) => column.name === name);
    const keyIndex = indexOf(key);
    const keyColumn = stream.columns[keyIndex];
    const tieBreakers = stream.tableKeys;
    const bookmark = getBookmark(initial, id) ?? {};
    const version = tableVersion(bookmark, context.clock);
    let state = setBookmark(initial, id, { replication_key: key, version });
    state = await announceStream(context, state, { bookmarkProperties: [key], activateVersion: version });
    const tie = storedTie(initial, id, key);
    const start = incrementalStart(
      bookmark.replication_key_value,
      tie,
      tieBreakers.map((column) => column.name),
    );
    logger.info(`${id}: INCREMENTAL on ${key} ${describeStart(start, tieBreakers.length > 0)}`);
    await inSnapshot(context.client, async (client) => {
      const snapshot = await snapshotXids(client);
      await warnNullKeys(context, client);
      const query = incrementalQuery({
        ...relationRead(stream),
        key: { name: key, sqlDatatype: keyColumn.type.sqlDatatype },
        tieBreakers,
        ...(start === undefined ? {} : { start: { ...start, recheck: xminWindow(tie?.xmin, snapshot.xmax) } }),
        limit: context.config.limit,
      });
      const position = new IncrementalPosition({
        keyType: keyColumn.type,
        temporalFormat: stream.temporalFormat,
        keyIndex,
        tieBreakers,
        tieIndexes: tieBreakers.map((column) => indexOf(column.name)),
        startValue: bookmark.replication_key_value,
        ...(start === undefined ? {} : { start }),
        snapshotXmin: snapshot.xmin,
        ...(query.pastStartColumn ? { pastStartIndex: stream.columns.length } : {}),
      });
      const advance = (point: IncrementalPoint | undefined): void => {
        if (point !== undefined) state = withIncrementalPoint(state, id, key, point);
      };
      const sent = await streamRecords(context, query, version, {
        columns: position.columns,
        after: async (lastRow) => {
          advance(position.after(lastRow));
          await writer.write({ type: 'STATE', value: state });
        },
      });
      const limit = context.config.limit;
      if (limit === undefined || limit === null || sent < limit) advance(position.exhausted());
    });
    return state;
  },
};

/**
 * Where a run starts (pure), from the bookmark's `replication_key_value` and the tie-breaker stored for it: none, the
 * value alone, or the (value, primary key) tuple.
 */
export function incrementalStart(
  value: unknown,
  tie: StoredTie | undefined,
  tieBreakers: readonly string[],
): IncrementalStart | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const after = keyPointTexts(tie?.pk, tieBreakers);
  return { value: String(value), ...(after === undefined ? {} : { after }) };
}

function describeStart(start: IncrementalStart | undefined, hasKey: boolean): string {
  if (start === undefined) return 'from the start';
  if (start.after === undefined) return `from ${JSON.stringify(start.value)} (>=${hasKey ? ', once' : ''})`;
  return `after (${[start.value, ...start.after].map((text) => JSON.stringify(text)).join(', ')})`;
}

/** Rows with a NULL replication key have no place in the order: INCREMENTAL never sends them; say how many there are. */
async function warnNullKeys(context: StreamSyncContext, client: ClientBase): Promise<void> {
  const { stream } = context;
  const key = stream.replicationKey ?? '';
  const result = await client.query<{ count: string }>(
    `SELECT count(*)::text AS count ${fromClause(relationRead(stream))} WHERE ${quoteIdent(key)} IS NULL`,
  );
  const count = Number(result.rows[0].count);
  if (count > 0) context.logger.warn(nullKeyWarning(stream, key, count));
}

/** The warning for rows whose replication key is NULL (pure). */
export function nullKeyWarning(stream: Pick<ResolvedStream, 'tapStreamId'>, key: string, count: number): string {
  const rows = count === 1 ? '1 row has' : `${count} rows have`;
  return (
    `${stream.tapStreamId}: ${rows} a NULL replication key "${key}"; INCREMENTAL does not send them — ` +
    `give them a value (the next run sends them) or replicate the table with FULL_TABLE or LOG_BASED`
  );
}
