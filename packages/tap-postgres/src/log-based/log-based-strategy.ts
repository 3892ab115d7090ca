import { primarySettings } from '@pgsinger/postgres';
import { getBookmark, type State } from '@pgsinger/singer';
import type { Client } from 'pg';
import { lsnFromBookmark } from '../replication';
import type { GroupSyncContext, GroupSyncStrategy, ResumableStrategy } from '../run/strategy';
import type { ResolvedStream } from '../stream/resolved-stream';
import { connectTap } from '../tap-session';
import { copyNewStreams, copyStreams } from './initial-copy';
import type { LogBasedRun } from './log-based-run';
import { prepareSlot } from './prepare-slot';
import { EarlyConnection } from './replication-setup';
import { connectReplication } from './settings';
import { streamChanges } from './stream-changes';

/**
 * LOG_BASED: every LOG_BASED stream at once, on one slot. Preflight; streams without a position are copied with
 * `copy` (FULL_TABLE) in a snapshot lined up with the slot, interrupted copies resumed; then one stream of changes
 * from the oldest position.
 */
export function logBasedStrategy(copy: ResumableStrategy): GroupSyncStrategy {
  return {
    method: 'LOG_BASED',
    syncGroup: (context, streams, state) => syncLogBased(context, streams, state, copy),
  };
}

async function syncLogBased(
  context: GroupSyncContext,
  streams: readonly ResolvedStream[],
  initial: State,
  copy: ResumableStrategy,
): Promise<State> {
  const { config } = context;
  const hasLsn = (id: string): boolean => lsnFromBookmark(getBookmark(initial, id)?.lsn) !== undefined;
  const fresh = streams.filter((stream) => !hasLsn(stream.tapStreamId));
  const resumed = streams.filter(
    (stream) => hasLsn(stream.tapStreamId) && copy.interrupted(initial, stream.tapStreamId),
  );
  // Copies read the primary (the slot's snapshot is there); with use_secondary the tap's client is the replica's.
  const own: Client | undefined =
    config.use_secondary === true ? await connectTap(primarySettings(config), 'text') : undefined;
  // With nothing to copy, streaming comes next: its connection is opened while the preflight runs.
  const early =
    fresh.length === 0 && resumed.length === 0 ? new EarlyConnection(() => connectReplication(config)) : undefined;
  let control: Client | undefined;
  try {
    control = await connectTap(primarySettings(config), 'parsed');
    const { exists, streams: usable, ...slot } = await prepareSlot(control, context, streams);
    if (usable.length === 0) return initial;
    const run: LogBasedRun = { ...context, client: own ?? context.client, streams: usable, control, ...slot };
    const copied = await copyNewStreams(
      run,
      copy,
      fresh.filter((s) => usable.includes(s)),
      initial,
      exists,
    );
    const resumes = await copyStreams(
      run,
      copy,
      resumed.filter((s) => usable.includes(s)),
      copied.state,
      undefined,
    );
    const state = resumes.state;
    if (context.signal.aborted) throw context.signal.reason;
    const failed = new Set([...copied.failed, ...resumes.failed]);
    const streaming = usable.filter((stream) => !failed.has(stream.tapStreamId));
    if (streaming.length === 0) return state;
    return await streamChanges({ ...run, streams: streaming }, state, early?.take());
  } finally {
    await early?.close();
    await own?.end().catch(() => undefined);
    await control?.end().catch(() => undefined);
  }
}
