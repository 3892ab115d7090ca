import type { CatalogEntry, Metadata } from './catalog';

const EMPTY: Metadata = {};

/** The metadata of one breadcrumb (`[]` for the stream, `['properties', name]`), or `{}` when absent. */
export function metadataFor(entry: CatalogEntry, breadcrumb: readonly string[]): Metadata {
  const found = entry.metadata.find(
    (item) =>
      item.breadcrumb.length === breadcrumb.length && item.breadcrumb.every((part, i) => part === breadcrumb[i]),
  );
  return found?.metadata ?? EMPTY;
}

/** The stream-level metadata (breadcrumb `[]`). */
export function streamMetadata(entry: CatalogEntry): Metadata {
  return metadataFor(entry, []);
}

/** A map from breadcrumb (joined with `/`) to metadata, for repeated look-ups. */
export function metadataMap(entry: CatalogEntry): ReadonlyMap<string, Metadata> {
  return new Map(entry.metadata.map((item) => [item.breadcrumb.join('/'), item.metadata]));
}
