import type { JsonSchemaObject } from '../discovery/column-schema';
import type { ResolvedStream } from '../stream/resolved-stream';

/** Property of the delete time (the transaction's commit time). */
export const DELETED_AT = '_sdc_deleted_at';

/** Property of the change's LSN with `debug_lsn`. */
export const LSN_PROPERTY = '_sdc_lsn';

/** The stream with `_sdc_deleted_at` (and `_sdc_lsn` with debug_lsn) added to its SCHEMA (pure). */
export function logBasedStream(stream: ResolvedStream, debugLsn: boolean): ResolvedStream {
  const properties: Record<string, JsonSchemaObject> = {
    ...(stream.schema.properties as Record<string, JsonSchemaObject>),
    [DELETED_AT]: { type: ['null', 'string'], format: 'date-time' },
  };
  if (debugLsn) properties[LSN_PROPERTY] = { type: ['null', 'integer'] };
  return { ...stream, schema: { ...stream.schema, properties } };
}
