import { getBookmark, setBookmark, type State } from '@pgsinger/singer';
import type { StreamSyncContext, SyncStrategy } from '../run/strategy';
import { tableVersion } from '../stream/table-version';
import { announceStream } from './announce-stream';
import { relationRead, xminQuery } from './select-query';
import { snapshotXids } from './snapshot-xids';
import { inSnapshot, streamRecords } from './stream-records';
import { xminWindow } from './xmin-window';

/**
 * XMIN: rows inserted or updated since the last run, found by their `xmin`; the bookmark `xmin` is the 64-bit
 * xmin of the run's snapshot, so every transaction not yet visible then is read next time (at least once).
 */
export const xminStrategy: SyncStrategy = {
  method: 'XMIN',
  async sync(context: StreamSyncContext, initial: State): Promise<State> {
    const { stream, writer, logger } = context;
    const id = stream.tapStreamId;
    const bookmark = getBookmark(initial, id) ?? {};
    const version = tableVersion(bookmark, context.clock);
    let state = setBookmark(initial, id, { version });
    state = await announceStream(context, state, { activateVersion: version });
    await inSnapshot(context.client, async (client) => {
      const { xmin, xmax } = await snapshotXids(client);
      const window = xminWindow(bookmark.xmin, xmax);
      if (window === undefined && bookmark.xmin !== undefined) {
        logger.warn(`${id}: bookmark xmin ${JSON.stringify(bookmark.xmin)} is unusable or too old; reading every row`);
      }
      logger.info(
        `${id}: XMIN ${window === undefined ? 'reading every row' : `since transaction ${JSON.stringify(bookmark.xmin)}`}`,
      );
      const query = xminQuery({
        ...relationRead(stream),
        ...(window === undefined ? {} : { window }),
      });
      // The bookmark moves only once every row is read, so each checkpoint (and an abort) re-states the run's start.
      const rows = await streamRecords(context, query, version, {
        columns: [],
        after: () => writer.write({ type: 'STATE', value: state }),
      });
      state = setBookmark(state, id, { xmin: Number(xmin) });
      return rows;
    });
    return state;
  },
};
