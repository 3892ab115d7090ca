import type { ClientBase } from 'pg';
import type { LogicalDecodingPlugin } from '../replication';
import type { GroupSyncContext } from '../run/strategy';
import type { ResolvedStream } from '../stream/resolved-stream';

/**
 * What the parts of one LOG_BASED run share: the group's context (its `client` a primary's, keeping values as text),
 * the streams, and the slot the preflight settled on.
 */
export interface LogBasedRun extends GroupSyncContext {
  readonly streams: readonly ResolvedStream[];
  /** A primary connection with pg's type parsing (slot, preflight, heartbeat, WAL position). */
  readonly control: ClientBase;
  readonly plugin: LogicalDecodingPlugin;
  readonly slotName: string;
  readonly publication: string;
}
