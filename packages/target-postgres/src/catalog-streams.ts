import { isStreamSelected, streamMetadata, type Catalog, type SchemaMessage } from '@pgsinger/singer';

/**
 * The SCHEMA messages a tap would send for the catalog's selected streams (pure): the stream named as
 * tap-postgres and pipelinewise name it (`<schema-name>-<stream>`, else the tap_stream_id), the entry's schema, the
 * key from `table-key-properties` (views: `view-key-properties`) or the entry's `key_properties`.
 */
export function catalogSchemaMessages(catalog: Catalog): SchemaMessage[] {
  return catalog.streams.filter(isStreamSelected).map((entry) => {
    const root = streamMetadata(entry);
    const schemaName = root['schema-name'];
    const keys = [root['table-key-properties'], root['view-key-properties'], entry.key_properties].find(
      (value): value is readonly string[] => Array.isArray(value) && value.length > 0,
    );
    return {
      type: 'SCHEMA',
      stream:
        typeof schemaName === 'string' && schemaName !== '' ? `${schemaName}-${entry.stream}` : entry.tap_stream_id,
      schema: entry.schema,
      key_properties: keys ?? [],
    };
  });
}
