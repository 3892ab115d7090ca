import { setBookmark, type Logger, type MessageWriter, type State } from '@pgsinger/singer';
import type { ClientBase } from 'pg';
import type { TapConfig } from '../config';
import type { DecodedChange, Lsn, PrimaryKeepalive, ReplicationStream } from '../replication';
import { lsnToBookmark, maxLsn } from '../replication';
import { ChangeWriter } from './change-writer';
import { TimedReader } from './next-item';
import type { RouteTable } from './route-table';
import { stopReason, type StopRules } from './stop-rules';

/** What the streaming loop needs. */
export interface ChangeLoopOptions {
  readonly client: ClientBase;
  readonly writer: MessageWriter;
  readonly logger: Logger;
  readonly config: TapConfig;
  readonly signal: AbortSignal;
  readonly routes: RouteTable;
  readonly stream: ReplicationStream<DecodedChange>;
  readonly rules: StopRules;
  readonly now: () => number;
}

const POLL_MS = 100;
const STATE_EVERY_MS = 10_000;
const STATE_EVERY_RECORDS = 20_000;

/**
 * Streams changes into RECORDs until a stop rule holds. A STATE follows the records of the transactions it covers:
 * every stream's `lsn` is the end of the last commit read (or the stream's own start, when later).
 */
export async function runChangeLoop(options: ChangeLoopOptions, initial: State): Promise<State> {
  const { stream, rules, logger, writer, now } = options;
  const changes = new ChangeWriter(options);
  const reader = new TimedReader<DecodedChange | PrimaryKeepalive>(stream[Symbol.asyncIterator]());
  let state = initial;
  let lastCommit: Lsn | undefined;
  let caughtUp: Lsn = 0n;
  let lastChangeMs = now();
  let lastStateMs = now();
  let recordsSinceState = 0;
  let transactions = 0;
  const emitState = async (): Promise<void> => {
    state = withPosition(state, options.routes, lastCommit ?? 0n);
    await writer.write({ type: 'STATE', value: state });
    lastStateMs = now();
    recordsSinceState = 0;
  };
  for (;;) {
    if (options.signal.aborted) break;
    const reason = stopReason(rules, {
      nowMs: now(),
      lastChangeMs,
      caughtUp,
      inTransaction: changes.inTransaction,
    });
    if (reason !== undefined) {
      logger.info(`LOG_BASED: stopping: ${reason}`);
      break;
    }
    const result = await reader.next(POLL_MS);
    if (result === 'timeout') {
      // Caught up? A keepalive answers with the server's position (break_at_end_lsn only).
      if (!changes.inTransaction && rules.endLsn !== undefined) stream.requestReply();
      continue;
    }
    if (result.done === true) {
      if (stream.error !== undefined) throw stream.error;
      break;
    }
    const item = result.value;
    if (item.kind === 'keepalive') {
      if (!changes.inTransaction) caughtUp = maxLsn(caughtUp, item.walEnd);
      continue;
    }
    lastChangeMs = now();
    if (item.kind === 'commit') {
      recordsSinceState += changes.commit();
      lastCommit = item.endLsn;
      caughtUp = maxLsn(caughtUp, item.endLsn);
      transactions += 1;
      if (recordsSinceState >= STATE_EVERY_RECORDS || now() - lastStateMs >= STATE_EVERY_MS) await emitState();
      continue;
    }
    state = await changes.apply(item, state);
  }
  reader.cancel();
  await writer.flush();
  await emitState();
  logger.info(`LOG_BASED: ${transactions} transactions read, ${changes.total} records sent`);
  return state;
}

/** Every stream's bookmark moved to the end of the last commit read (never before the stream's own start). */
function withPosition(state: State, routes: RouteTable, lastCommit: Lsn): State {
  let next = state;
  for (const route of routes.routes) {
    next = setBookmark(next, route.id, {
      lsn: lsnToBookmark(maxLsn(route.threshold, lastCommit)),
      version: route.version,
    });
  }
  return next;
}
