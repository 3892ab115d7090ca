import type { JsonSchema } from '../messages/singer-message';

/** Metadata values of one breadcrumb (`selected`, `inclusion`, `replication-method`, …), wire names kept. */
export type Metadata = Readonly<Record<string, unknown>> & {
  readonly selected?: boolean;
  readonly inclusion?: 'automatic' | 'available' | 'unsupported';
  readonly 'selected-by-default'?: boolean;
  readonly 'replication-method'?: string;
  readonly 'replication-key'?: string;
  readonly 'table-key-properties'?: readonly string[];
};

/** One `metadata` item: `[]` for the stream, `['properties', name]` for a property. */
export interface MetadataEntry {
  readonly breadcrumb: readonly string[];
  readonly metadata: Metadata;
}

/** One stream of a catalog, as pipelinewise, Singer and Meltano write it. */
export interface CatalogEntry {
  readonly tap_stream_id: string;
  readonly stream: string;
  readonly table_name?: string;
  readonly schema: JsonSchema;
  readonly metadata: readonly MetadataEntry[];
  readonly key_properties?: readonly string[];
  /** Meltano's stream-level copy of the metadata `replication-method`. */
  readonly replication_method?: string;
  /** Meltano's stream-level copy of the metadata `replication-key`. */
  readonly replication_key?: string;
  /** Older Singer catalogs mark selection here instead of in metadata. */
  readonly selected?: boolean;
  readonly [key: string]: unknown;
}

/** A Singer catalog: `{ streams: [...] }`. */
export interface Catalog {
  readonly streams: readonly CatalogEntry[];
}
