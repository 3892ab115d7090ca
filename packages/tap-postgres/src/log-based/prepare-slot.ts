import type { ClientBase } from 'pg';
import { ensurePublication, preflightReplication, type LogicalDecodingPlugin } from '../replication';
import type { RunContext } from '../run/run-context';
import type { ResolvedStream } from '../stream/resolved-stream';
import { currentDatabaseName, streamTables } from './replication-setup';
import { decodingPlugin, publicationName, resolveSlotName } from './settings';

/** The slot of a LOG_BASED run, as the preflight found it. */
export interface SlotPlan {
  readonly plugin: LogicalDecodingPlugin;
  readonly slotName: string;
  readonly publication: string;
  /** False when the slot is still to be created (with the snapshot the first copies read in). */
  readonly exists: boolean;
}

/**
 * Resolves the slot and publication names, runs the preflight (its warnings are logged) and, with pgoutput, makes
 * sure the publication holds every stream's table.
 */
export async function prepareSlot(
  control: ClientBase,
  context: RunContext,
  streams: readonly ResolvedStream[],
): Promise<SlotPlan> {
  const { config, logger } = context;
  const plugin = decodingPlugin(config);
  const slotName = await resolveSlotName(control, config);
  const publication = publicationName(config, slotName);
  const tables = streamTables(streams);
  const database = await currentDatabaseName(control);
  const preflight = await preflightReplication(control, { plugin, slotName, database, tables });
  for (const warning of preflight.warnings) logger.warn(warning);
  if (plugin === 'pgoutput') {
    const change = await ensurePublication(control, publication, tables);
    if (change.created || change.addedTables.length > 0)
      logger.info(`Publication ${publication}: ${change.created ? 'created' : 'tables added'}`);
  }
  return { plugin, slotName, publication, exists: preflight.slot !== undefined };
}
