import { getBookmark, type State } from '@pgsinger/singer';
import type { Client } from 'pg';
import { currentWalLsn, emitHeartbeat, formatLsn, lsnFromBookmark, readSlot, type Lsn } from '../replication';
import { pendingActivation, withoutPendingActivation } from '../stream/pending-activation';
import { schemaMessage } from '../stream/schema-message';
import { tableVersion } from '../stream/table-version';
import { runChangeLoop } from './change-loop';
import type { LogBasedRun } from './log-based-run';
import { logBasedStream } from './log-based-schema';
import { openChangeStream } from './replication-setup';
import { RouteTable } from './route-table';
import { stopRules } from './stop-rules';
import { StreamRoute } from './stream-route';

/**
 * Streams the changes of every LOG_BASED stream (each has its `lsn` now) from the oldest bookmark, on `replication`
 * when that connection was opened beforehand. With `logical_heartbeat` a heartbeat is written first, so that a run that
 * sees no selected change still ends with a newer position in its state.
 */
export async function streamChanges(run: LogBasedRun, initial: State, replication?: Promise<Client>): Promise<State> {
  const { control, config, logger, writer, clock, slotName } = run;
  const timeExtracted = new Date(clock.now()).toISOString();
  const routes = run.streams.map((resolved) => {
    const bookmark = getBookmark(initial, resolved.tapStreamId) ?? {};
    const lsn = lsnFromBookmark(bookmark.lsn) ?? 0n;
    const stream = logBasedStream(resolved, config.debug_lsn);
    return new StreamRoute(stream, resolved.entry, lsn, tableVersion(bookmark, clock), timeExtracted);
  });
  if (routes.length === 0) return initial;
  const startLsn = routes.reduce<Lsn>(
    (min, route) => (route.threshold < min ? route.threshold : min),
    routes[0].threshold,
  );
  const slot = await readSlot(control, slotName);
  if (slot?.confirmedFlushLsn !== undefined && slot.confirmedFlushLsn > startLsn)
    logger.warn(
      `Slot ${slotName} is at ${formatLsn(slot.confirmedFlushLsn)}, past the state's ${formatLsn(startLsn)}: ` +
        'changes in between were confirmed by an earlier run and are not sent again (was an older state used?)',
    );
  if (slot?.confirmedFlushLsn !== undefined && slot.confirmedFlushLsn < startLsn) {
    // The state's position is what this run confirms anyway; moving the slot there first (a fast-forward decode that
    // skips the output plugin) spares the server decoding the previous run's changes once more.
    await control
      .query('SELECT pg_replication_slot_advance($1, $2::pg_lsn)', [slotName, formatLsn(startLsn)])
      .catch((error: Error) => logger.warn(`Could not advance slot ${slotName}: ${error.message}`));
  }
  // Off by default: every logical slot of the database decodes the message, and consumers that do not filter message
  // prefixes (pipelinewise's tap: KeyError 'schema') fail on it.
  if (config.logical_heartbeat) {
    try {
      await emitHeartbeat(control, new Date(clock.now()).toISOString());
    } catch (error) {
      logger.warn(
        `No heartbeat (pg_logical_emit_message failed: ${(error as Error).message}); idle slots advance only with changes`,
      );
    }
  }
  const walLsn = await currentWalLsn(control);
  logger.debug(
    `LOG_BASED: slot ${slotName} confirmed_flush_lsn ${formatLsn(slot?.confirmedFlushLsn ?? 0n)}, restart_lsn ` +
      `${formatLsn(slot?.restartLsn ?? 0n)}; streams from ${formatLsn(startLsn)}: ` +
      routes.map((route) => `${route.id} ${formatLsn(route.threshold)}`).join(', ') +
      `; server WAL at ${formatLsn(walLsn)}`,
  );
  const startMs = clock.now();
  let state = initial;
  for (const route of routes) {
    await writer.write(schemaMessage(route.stream));
    // A merged partitioned copy is activated by the first run that streams it (every partition has loaded by then).
    const pending = pendingActivation(state, route.stream.tapStreamId);
    if (pending === undefined) continue;
    await writer.write({ type: 'ACTIVATE_VERSION', stream: route.stream.outputStream, version: pending });
    state = withoutPendingActivation(state, route.stream.tapStreamId);
  }
  logger.info(
    `LOG_BASED: streaming slot ${slotName} from ${formatLsn(startLsn)}` +
      (config.break_at_end_lsn === false ? '' : ` to ${formatLsn(walLsn)}`),
  );
  const stream = await openChangeStream(run, startLsn, replication);
  try {
    const rules = stopRules(config, startMs, walLsn);
    return await runChangeLoop({ ...run, routes: new RouteTable(routes, run.client, logger), stream, rules }, state);
  } finally {
    await stream.stop();
  }
}
