import type { Catalog, CatalogEntry, MetadataEntry } from '@pgsinger/singer';
import { ARRAY_DEFINITIONS, columnSchema, type JsonSchemaObject } from './column-schema';
import type { ColumnRow } from './read-columns';
import { parseSqlType } from './sql-type';

/** The tap_stream_id pipelinewise gives a table: `<schema>-<table>`. */
export function tapStreamId(schema: string, table: string): string {
  return `${schema}-${table}`;
}

/** Builds the catalog from the catalog query's rows (pure); entries in the rows' order (schema, table). */
export function buildCatalog(rows: readonly ColumnRow[], databaseName: string): Catalog {
  const groups = new Map<string, ColumnRow[]>();
  for (const row of rows) {
    const id = tapStreamId(row.schema_name, row.table_name);
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  }
  return { streams: [...groups.entries()].map(([id, columns]) => buildEntry(id, columns, databaseName)) };
}

function buildEntry(id: string, columns: readonly ColumnRow[], databaseName: string): CatalogEntry {
  const first = columns[0];
  const keys = columns
    .filter((column) => column.key_position !== null)
    .sort((a, b) => Number(a.key_position) - Number(b.key_position))
    .map((column) => column.column_name);
  const properties: Record<string, JsonSchemaObject> = {};
  const definitions: Record<string, JsonSchemaObject> = {};
  const metadata: MetadataEntry[] = [
    {
      breadcrumb: [],
      metadata: {
        'table-key-properties': keys,
        'schema-name': first.schema_name,
        'database-name': databaseName,
        'row-count': Number(first.row_count),
        'is-view': first.relkind === 'v' || first.relkind === 'm',
        'selected-by-default': false,
        // A materialized view created or refreshed WITH NO DATA cannot be read until it is refreshed.
        ...(first.relkind === 'm' ? { 'is-populated': first.populated === 'true' } : {}),
      },
    },
  ];
  for (const column of columns) {
    const type = parseSqlType(column.sql_datatype);
    const isKey = column.key_position !== null;
    const schema = columnSchema(type, { isKey });
    properties[column.column_name] = schema;
    const ref = (schema.items as { $ref?: string } | undefined)?.$ref;
    if (ref !== undefined) {
      const name = ref.slice('#/definitions/'.length);
      definitions[name] = ARRAY_DEFINITIONS[name];
    }
    metadata.push({
      breadcrumb: ['properties', column.column_name],
      metadata: {
        'sql-datatype': column.sql_datatype,
        inclusion: isKey ? 'automatic' : 'available',
        'selected-by-default': true,
      },
    });
  }
  const schema: JsonSchemaObject = { type: 'object', properties };
  if (Object.keys(definitions).length > 0) schema.definitions = definitions;
  return { tap_stream_id: id, table_name: first.table_name, stream: first.table_name, schema, metadata };
}
