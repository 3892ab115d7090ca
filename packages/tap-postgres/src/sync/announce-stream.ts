import type { State } from '@pgsinger/singer';
import type { StreamSyncContext } from '../run/strategy';
import { schemaMessage } from '../stream/schema-message';

/**
 * What every method writes before a stream's records: its SCHEMA, the STATE it starts from, and (for a new table
 * version) ACTIVATE_VERSION, in that order, so a target creates the table before any record and knows the version.
 */
export async function announceStream(
  context: StreamSyncContext,
  state: State,
  options: { readonly bookmarkProperties?: readonly string[]; readonly activateVersion?: number },
): Promise<void> {
  const { stream, writer } = context;
  await writer.write(schemaMessage(stream, options.bookmarkProperties));
  await writer.write({ type: 'STATE', value: state });
  if (options.activateVersion !== undefined) {
    await writer.write({ type: 'ACTIVATE_VERSION', stream: stream.outputStream, version: options.activateVersion });
  }
}
