import type { SchemaMessage } from '@pgsinger/singer';
import { toList, type TargetSettings } from '../config';
import { SchemaError } from '../errors';
import type { StreamTable } from '../stream-table';
import { columnNameFor, tableNameFor, type TableName } from './naming';
import type { ColumnSpec } from './column-spec';
import { flattenSchema } from './flatten-schema';
import type { JsonSchemaProperty } from './json-schema';
import { withMetadataColumns } from './metadata-columns';

/** Everything a SCHEMA message decides about its table, before the database is asked. */
export interface StreamPlan extends Pick<StreamTable, 'stream' | 'keys'> {
  readonly name: TableName;
  readonly schema: JsonSchemaProperty;
  /** The columns wanted; their types are resolved and the table synced by prepareTable. */
  readonly columns: readonly ColumnSpec[];
  readonly grantees: readonly string[];
  readonly indices: readonly string[];
}

/** Pure: checks a SCHEMA message and derives table, columns (flattened, metadata), keys, grants and indices. */
export function planStream(message: SchemaMessage, lineNumber: number, settings: TargetSettings): StreamPlan {
  const { stream } = message;
  const config = settings.config;
  const fail = (problem: string, fix: string): never => {
    throw new SchemaError(`line ${lineNumber}: stream ${stream}: ${problem}`, fix);
  };
  const schema = message.schema as JsonSchemaProperty;
  const props = schema.properties;
  if (props === undefined || typeof props !== 'object' || Array.isArray(props)) {
    fail(
      'SCHEMA is not an object schema with "properties"',
      'the tap must send {"type": "object", "properties": {...}}',
    );
  }
  const name = tableNameFor(stream, config);
  if (name === null) {
    return fail(
      'no target schema (neither schema_mapping nor default_target_schema)',
      'set default_target_schema or a schema_mapping entry for the source schema',
    );
  }
  const keyProps = message.key_properties;
  if (keyProps.length === 0 && config.primary_key_required) {
    fail(
      'no key_properties and primary_key_required is true',
      'set "primary_key_required": false to load it append-only, or give the stream key properties',
    );
  }
  for (const k of keyProps)
    if (props?.[k] === undefined) fail(`key property "${k}" is not in the schema`, 'fix the tap catalog');
  const columns = withMetadataColumns(flattenSchema(schema, { stream, maxLevel: config.data_flattening_max_level }), {
    metadata: settings.metadataColumns,
    tableVersion: settings.tableVersionColumn,
  });
  const mapping = name.sourceSchema === null ? undefined : config.schema_mapping?.[name.sourceSchema];
  const grantees =
    mapping?.target_schema_select_permissions !== undefined
      ? toList(mapping.target_schema_select_permissions)
      : settings.defaultGrantees;
  return {
    stream,
    name,
    schema,
    columns,
    keys: keyProps.map((k) => columnNameFor([k])),
    grantees,
    indices: mapping?.indices?.[name.table] ?? [],
  };
}
