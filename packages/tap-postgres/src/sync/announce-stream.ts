import type { State } from '@pgsinger/singer';
import type { StreamSyncContext } from '../run/strategy';
import { pendingActivation, withoutPendingActivation } from '../stream/pending-activation';
import { schemaMessage } from '../stream/schema-message';

/**
 * What every method writes before a stream's records: its SCHEMA, the STATE it starts from, and (for a new table
 * version, or one a merged partitioned copy left to activate) ACTIVATE_VERSION, in that order, so a target creates
 * the table before any record and knows the version. Returns the state without the pending activation.
 */
export async function announceStream(
  context: StreamSyncContext,
  state: State,
  options: { readonly bookmarkProperties?: readonly string[]; readonly activateVersion?: number },
): Promise<State> {
  const { stream, writer } = context;
  await writer.write(schemaMessage(stream, options.bookmarkProperties));
  await writer.write({ type: 'STATE', value: state });
  const pending = pendingActivation(state, stream.tapStreamId);
  for (const version of new Set([pending, options.activateVersion])) {
    if (version !== undefined) await writer.write({ type: 'ACTIVATE_VERSION', stream: stream.outputStream, version });
  }
  return withoutPendingActivation(state, stream.tapStreamId);
}
