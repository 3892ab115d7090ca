import { quoteQualified } from '@pgsinger/postgres';
import type { ClientBase } from 'pg';
import {
  ensurePublication,
  findIdentityGaps,
  preflightReplication,
  ReplicationError,
  type IdentityGap,
  type LogicalDecodingPlugin,
} from '../replication';
import type { GroupSyncContext } from '../run/strategy';
import type { ResolvedStream } from '../stream/resolved-stream';
import { currentDatabaseName, streamTables } from './replication-setup';
import { decodingPlugin, publicationName, resolveSlotName } from './settings';

/** The slot of a LOG_BASED run, as the preflight found it, and the streams it can replicate. */
export interface SlotPlan {
  readonly plugin: LogicalDecodingPlugin;
  readonly slotName: string;
  readonly publication: string;
  /** False when the slot is still to be created (with the snapshot the first copies read in). */
  readonly exists: boolean;
  /** The streams whose changes can all be replicated (the others were reported as failed). */
  readonly streams: readonly ResolvedStream[];
}

/**
 * Resolves the slot and publication names, runs the preflight, refuses the streams whose updates and deletes could not
 * be identified and, with pgoutput, makes sure the publication holds the other streams' tables.
 */
export async function prepareSlot(
  control: ClientBase,
  context: GroupSyncContext,
  streams: readonly ResolvedStream[],
): Promise<SlotPlan> {
  const { config, logger } = context;
  const plugin = decodingPlugin(config);
  const slotName = await resolveSlotName(control, config);
  const publication = publicationName(config, slotName);
  const database = await currentDatabaseName(control);
  const preflight = await preflightReplication(control, { plugin, slotName, database });
  const usable = refuseUnidentified(context, streams, await findIdentityGaps(control, streamTables(streams)), plugin);
  if (plugin === 'pgoutput' && usable.length > 0) {
    const change = await ensurePublication(control, publication, streamTables(usable));
    if (change.created || change.addedTables.length > 0)
      logger.info(`Publication ${publication}: ${change.created ? 'created' : 'tables added'}`);
  }
  return { plugin, slotName, publication, exists: preflight.slot !== undefined, streams: usable };
}

/**
 * Reports the streams with tables lacking a replica identity as failed (one line listing them and the fix) and returns
 * the others.
 */
function refuseUnidentified(
  context: GroupSyncContext,
  streams: readonly ResolvedStream[],
  gaps: readonly IdentityGap[],
  plugin: LogicalDecodingPlugin,
): ResolvedStream[] {
  if (gaps.length === 0) return [...streams];
  const key = (schema: string, table: string): string => `${schema}\u0000${table}`;
  const gapped = new Set(gaps.map((gap) => key(gap.table.schema, gap.table.table)));
  const refused = streams.filter((stream) => gapped.has(key(stream.schemaName, stream.tableName)));
  context.streamFailed(
    refused.map((stream) => stream.tapStreamId),
    identityGapError(gaps, plugin),
  );
  return streams.filter((stream) => !refused.includes(stream));
}

/**
 * Why tables without a replica identity cannot be LOG_BASED: wal2json would skip every UPDATE and DELETE of such a
 * table (only the server log would say so); in a pgoutput publication the source would refuse them. Neither may
 * happen silently.
 */
export function identityGapError(gaps: readonly IdentityGap[], plugin: LogicalDecodingPlugin): ReplicationError {
  const tables = gaps.flatMap((gap) => gap.missing.map((t) => quoteQualified(t.schema, t.table)));
  const effect =
    plugin === 'wal2json'
      ? 'wal2json would skip every UPDATE and DELETE of them'
      : 'in the publication, the source would refuse their UPDATEs and DELETEs';
  return new ReplicationError(
    `LOG_BASED needs a replica identity that holds the primary key, and ${tables.join(', ')} ${tables.length === 1 ? 'has' : 'have'} none: ${effect}`,
    'REPLICA_IDENTITY_MISSING',
    `${tables.map((table) => `ALTER TABLE ${table} REPLICA IDENTITY FULL`).join('; ')} (or add a primary key, ` +
      'or REPLICA IDENTITY USING INDEX on a unique index of NOT NULL columns), or replicate the stream with ' +
      'FULL_TABLE, INCREMENTAL or XMIN',
  );
}
