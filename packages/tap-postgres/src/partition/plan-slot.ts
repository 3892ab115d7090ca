import { primarySettings } from '@pgsinger/postgres';
import type { State } from '@pgsinger/singer';
import { assertNoPositions } from '../log-based/initial-copy';
import { prepareSlot } from '../log-based/prepare-slot';
import { temporarySlotName } from '../log-based/replication-setup';
import { connectReplication } from '../log-based/settings';
import { createSlotWithSnapshot, formatLsn, type Lsn } from '../replication';
import type { RunContext } from '../run/run-context';
import type { ResolvedStream } from '../stream/resolved-stream';
import { connectTap } from '../tap-session';

/** Where the LOG_BASED streams of a plan hand over to streaming. */
export interface PlannedSlot {
  readonly slotName: string;
  /** Every transaction committed before it is in any snapshot taken after the plan; the slot decodes the rest. */
  readonly consistentPoint: Lsn;
}

/**
 * The LOG_BASED part of a plan: the preflight (and pgoutput's publication), then the slot is created — or, when it
 * already streams other tables, a TEMPORARY slot — only for its consistent point: each partition's snapshot, taken
 * later, holds every transaction committed before it, and streaming from it replays every change after.
 */
export async function planSlot(
  context: RunContext,
  copied: readonly ResolvedStream[],
  logBased: readonly ResolvedStream[],
  state: State,
): Promise<PlannedSlot> {
  const control = await connectTap(primarySettings(context.config), 'parsed');
  try {
    // A stream LOG_BASED cannot replicate (no replica identity) fails the plan rather than being left out of it.
    const refuse = (_ids: readonly string[], error: unknown): never => {
      throw error;
    };
    const group = {
      ...context,
      streamFailed: refuse,
      syncStream: () => Promise.reject(new Error('no sync in a plan')),
    };
    const { exists, slotName, plugin } = await prepareSlot(control, group, copied);
    if (!exists) assertNoPositions(slotName, logBased, state);
    const name = exists ? temporarySlotName(slotName, context.clock.now()) : slotName;
    const replication = await connectReplication(context.config);
    try {
      const created = await createSlotWithSnapshot(replication, name, plugin, { temporary: exists });
      context.logger.info(
        `${exists ? `Slot ${slotName} exists; temporary slot ${name}` : `Replication slot ${slotName}`} created at ` +
          `consistent point ${formatLsn(created.consistentPoint)}`,
      );
      return { slotName, consistentPoint: created.consistentPoint };
    } finally {
      await replication.end().catch(() => undefined); // drops a temporary slot
    }
  } finally {
    await control.end().catch(() => undefined);
  }
}
