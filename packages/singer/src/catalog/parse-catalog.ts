import { CatalogError, isRecord } from '../errors';
import type { Catalog, CatalogEntry, MetadataEntry } from './catalog';

/** Checks the shape of a catalog read from `source` (a flag and path) and fills `tap_stream_id`/`metadata`. */
export function parseCatalog(value: unknown, source: string): Catalog {
  if (!isRecord(value) || !Array.isArray(value.streams)) {
    throw new CatalogError(`${source}: a catalog must be an object with a "streams" array`, 'CATALOG_INVALID', fix);
  }
  const streams = value.streams.map((stream: unknown, index) => parseEntry(stream, `${source}: streams[${index}]`));
  return { ...value, streams };
}

const fix = 'run the tap with --discover to write a fresh catalog';

function parseEntry(value: unknown, where: string): CatalogEntry {
  if (!isRecord(value)) throw new CatalogError(`${where} must be an object`, 'CATALOG_INVALID', fix);
  const id = value.tap_stream_id ?? value.stream;
  if (typeof id !== 'string' || id === '') {
    throw new CatalogError(`${where} has no "tap_stream_id" or "stream"`, 'CATALOG_INVALID', fix);
  }
  const name = typeof value.stream === 'string' ? value.stream : id;
  if (!isRecord(value.schema))
    throw new CatalogError(`${where} (${id}) has no "schema" object`, 'CATALOG_INVALID', fix);
  const metadata = value.metadata ?? [];
  if (!Array.isArray(metadata))
    throw new CatalogError(`${where} (${id}): "metadata" must be an array`, 'CATALOG_INVALID', fix);
  metadata.forEach((item: unknown, index) => checkMetadata(item, `${where} (${id}) metadata[${index}]`));
  const keys = value.key_properties;
  if (keys !== undefined && !(Array.isArray(keys) && keys.every((key) => typeof key === 'string'))) {
    throw new CatalogError(`${where} (${id}): "key_properties" must be an array of strings`, 'CATALOG_INVALID', fix);
  }
  return { ...value, tap_stream_id: id, stream: name, schema: value.schema, metadata: metadata as MetadataEntry[] };
}

function checkMetadata(item: unknown, where: string): void {
  if (!isRecord(item) || !Array.isArray(item.breadcrumb) || !isRecord(item.metadata)) {
    throw new CatalogError(`${where} must be { "breadcrumb": [...], "metadata": {...} }`, 'CATALOG_INVALID', fix);
  }
}
