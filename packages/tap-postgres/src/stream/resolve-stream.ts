import { CatalogError, metadataFor, replicationKeyOf, replicationMethodOf, streamMetadata } from '@pgsinger/singer';
import type { CatalogEntry, Metadata } from '@pgsinger/singer';
import { REPLICATION_METHODS, type ReplicationMethod } from '../config';
import type { JsonSchemaObject } from '../discovery/column-schema';
import { parseSqlType } from '../discovery/sql-type';
import type { ResolvedStream, StreamColumn } from './resolved-stream';

/** The catalog's entry, the same relation freshly discovered, and its relkind. */
export interface StreamSources {
  readonly entry: CatalogEntry;
  readonly fresh: CatalogEntry;
  readonly relkind: string;
  readonly defaultMethod?: string;
  /** False when the user may not SELECT every primary key column: no keyset resume on a partial key. */
  readonly keyComplete?: boolean;
}

const isMethod = (value: string): value is ReplicationMethod =>
  (REPLICATION_METHODS as readonly string[]).includes(value);

/** Joins a selected catalog entry with its fresh discovery (pure); throws a CatalogError naming what is wrong. */
export function resolveStream(sources: StreamSources): ResolvedStream {
  const { entry, fresh, relkind } = sources;
  const id = entry.tap_stream_id;
  const method = replicationMethodOf(entry) ?? sources.defaultMethod;
  if (method === undefined || !isMethod(method)) {
    const what = method === undefined ? 'has no replication-method' : `has unknown replication-method "${method}"`;
    throw new CatalogError(
      `stream ${id} ${what}`,
      'CATALOG_INVALID',
      `set metadata "replication-method" to one of ${REPLICATION_METHODS.join(', ')} (or default_replication_method)`,
    );
  }
  const freshRoot = streamMetadata(fresh);
  const isView = freshRoot['is-view'] === true;
  const freshProperties = (fresh.schema.properties ?? {}) as Record<string, JsonSchemaObject>;
  const tableKeys = isView ? [] : (freshRoot['table-key-properties'] ?? []);
  const keyProperties = isView ? viewKeys(streamMetadata(entry)) : tableKeys;
  const replicationKey = method === 'INCREMENTAL' ? replicationKeyOf(entry) : undefined;
  if (method === 'INCREMENTAL' && (replicationKey === undefined || !(replicationKey in freshProperties))) {
    throw new CatalogError(
      replicationKey === undefined
        ? `stream ${id} uses INCREMENTAL but has no replication-key`
        : `stream ${id}: replication-key "${replicationKey}" is not a column of ${id} you may SELECT`,
      'CATALOG_INVALID',
      'set metadata "replication-key" to a column of the table',
    );
  }
  if (method === 'XMIN' && relkind === 'v') {
    throw new CatalogError(
      `stream ${id} is a view: XMIN replication needs a table or materialized view`,
      'CATALOG_INVALID',
      'use FULL_TABLE or INCREMENTAL for views',
    );
  }
  if (method === 'LOG_BASED' && isView) {
    throw new CatalogError(
      `stream ${id} is a ${relkind === 'm' ? 'materialized view' : 'view'}: LOG_BASED needs a table`,
      'CATALOG_INVALID',
      relkind === 'm' ? 'use FULL_TABLE, INCREMENTAL or XMIN for it' : 'use FULL_TABLE or INCREMENTAL for views',
    );
  }
  const catalogProperties = (entry.schema.properties ?? {}) as Record<string, unknown>;
  const restrict = Object.keys(catalogProperties).length > 0;
  const forced = new Set<string>([...keyProperties, ...(replicationKey === undefined ? [] : [replicationKey])]);
  const names = Object.keys(freshProperties)
    .filter((name) => forced.has(name) || ((!restrict || name in catalogProperties) && isSelected(entry, fresh, name)))
    .sort();
  const columns: StreamColumn[] = names.map((name) => ({
    name,
    type: parseSqlType(String(metadataFor(fresh, ['properties', name])['sql-datatype'])),
  }));
  const properties: Record<string, JsonSchemaObject> = {};
  for (const name of names) properties[name] = freshProperties[name];
  const schema: JsonSchemaObject = { type: 'object', properties };
  if (fresh.schema.definitions !== undefined) schema.definitions = fresh.schema.definitions;
  return {
    tapStreamId: id,
    entry,
    outputStream: `${String(freshRoot['schema-name'])}-${entry.stream}`,
    schemaName: String(freshRoot['schema-name']),
    tableName: fresh.table_name ?? fresh.stream,
    relkind,
    isView,
    populated: freshRoot['is-populated'] !== false,
    method,
    ...(replicationKey === undefined ? {} : { replicationKey }),
    keyProperties,
    tableKeys: (sources.keyComplete === false ? [] : tableKeys).map((name) => ({
      name,
      sqlDatatype: String(metadataFor(fresh, ['properties', name])['sql-datatype']),
    })),
    columns,
    schema,
  };
}

function viewKeys(root: Metadata): readonly string[] {
  const keys = root['view-key-properties'];
  return Array.isArray(keys) ? (keys as string[]) : [];
}

/** pipelinewise's rule: unsupported never, automatic always, else `selected` when given, else selected. */
function isSelected(entry: CatalogEntry, fresh: CatalogEntry, name: string): boolean {
  const inclusion = metadataFor(fresh, ['properties', name]).inclusion;
  if (inclusion === 'unsupported') return false;
  if (inclusion === 'automatic') return true;
  const selected = metadataFor(entry, ['properties', name]).selected;
  return typeof selected === 'boolean' ? selected : true;
}
