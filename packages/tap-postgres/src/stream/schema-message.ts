import type { SchemaMessage } from '@pgsinger/singer';
import type { ResolvedStream } from './resolved-stream';

/** The SCHEMA message of a stream (pure). */
export function schemaMessage(stream: ResolvedStream, bookmarkProperties: readonly string[] = []): SchemaMessage {
  return {
    type: 'SCHEMA',
    stream: stream.outputStream,
    schema: stream.schema,
    key_properties: [...stream.keyProperties],
    bookmark_properties: [...bookmarkProperties],
  };
}
