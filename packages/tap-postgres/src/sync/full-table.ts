import { getBookmark, setBookmark, type State } from '@pgsinger/singer';
import type { ResumableStrategy, StreamSyncContext } from '../run/strategy';
import { tableVersion } from '../stream/table-version';
import { announceStream } from './announce-stream';
import { keyPointOf, keyPointTexts } from './key-point';
import { fullTableQuery, relationRead } from './select-query';
import { inSnapshot, streamRecords } from './stream-records';

/** Bookmark key of the keyset resume point: the last key emitted, `{ <key column>: <its text> }`. */
const RESUME_KEY = 'last_pk_fetched';

/**
 * FULL_TABLE: the whole relation in one snapshot; tables with a key resume after the last checkpointed key, a copy
 * pipelinewise left (`xmin`) starts over under its version.
 */
export const fullTableStrategy: ResumableStrategy = {
  method: 'FULL_TABLE',
  interrupted: copyInterrupted,
  sync: syncFullTable,
};

/** Whether a stream's copy was interrupted: its bookmark holds a resume point (a key, or pipelinewise's `xmin`). */
export function copyInterrupted(state: State, tapStreamId: string): boolean {
  const bookmark = getBookmark(state, tapStreamId) ?? {};
  return bookmark[RESUME_KEY] !== undefined || (bookmark.xmin !== undefined && bookmark.xmin !== null);
}

async function syncFullTable(context: StreamSyncContext, initial: State): Promise<State> {
  const { stream, writer, logger } = context;
  const id = stream.tapStreamId;
  const bookmark = getBookmark(initial, id) ?? {};
  const keys = stream.tableKeys;
  const after = keyPointTexts(
    bookmark[RESUME_KEY],
    keys.map((key) => key.name),
  );
  // pipelinewise read in `xmin::text` order, so its `xmin` bookmark does not say which rows were sent (across a power
  // of ten of transaction ids, "10005" sorts before "9990"): its interrupted copy starts over, under the same version.
  const restartsPipelinewise = after === undefined && isXid(bookmark.xmin);
  const resuming = after !== undefined || restartsPipelinewise;
  const firstRun = bookmark.version === undefined || bookmark.version === null;
  const version = resuming ? tableVersion(bookmark, context.clock) : context.clock.now();
  let state = setBookmark(initial, id, { version, xmin: undefined });
  if (after === undefined) state = setBookmark(state, id, { [RESUME_KEY]: undefined });
  state = await announceStream(context, state, firstRun ? { activateVersion: version } : {});
  const read = relationRead(stream);
  const keyIndexes = keys.map((key) => stream.columns.findIndex((column) => column.name === key.name));
  if (restartsPipelinewise)
    logger.info(
      `${id}: pipelinewise's interrupted FULL_TABLE copy (xmin ${String(bookmark.xmin)}) cannot be resumed without ` +
        `losing rows; copying the whole table again, version ${version}`,
    );
  else logger.info(`${id}: ${resuming ? 'resuming' : 'beginning'} FULL_TABLE copy, version ${version}`);
  await inSnapshot(
    context.client,
    async () => {
      const query = fullTableQuery({ ...read, keys, ...(after === undefined ? {} : { after }) });
      return streamRecords(context, query, version, {
        columns: keyIndexes,
        after: async (lastRow) => {
          if (keys.length === 0) return;
          if (lastRow !== undefined)
            state = setBookmark(state, id, { [RESUME_KEY]: keyPointOf(lastRow, keys, keyIndexes) });
          await writer.write({ type: 'STATE', value: state });
        },
      });
    },
    context.snapshotName,
  );
  state = setBookmark(state, id, { [RESUME_KEY]: undefined });
  await writer.write({ type: 'ACTIVATE_VERSION', stream: stream.outputStream, version });
  return state;
}

function isXid(value: unknown): boolean {
  return (
    (typeof value === 'number' && Number.isInteger(value) && value > 0) ||
    (typeof value === 'string' && /^\d+$/.test(value))
  );
}
