import { isRecord } from '../errors';
import type { CatalogEntry } from './catalog';
import { metadataFor, streamMetadata } from './metadata-for';

/** A stream is selected when its stream metadata (or, in older catalogs, the entry) says `selected: true`. */
export function isStreamSelected(entry: CatalogEntry): boolean {
  const selected = streamMetadata(entry).selected;
  return selected === undefined ? entry.selected === true : selected === true;
}

/**
 * Selection of one property: `inclusion: unsupported` never, `automatic` always, else `selected` when given, else
 * `selected-by-default` when given, else selected (inherits the stream, as pipelinewise and the Meltano SDK do).
 */
export function isPropertySelected(entry: CatalogEntry, name: string): boolean {
  const metadata = metadataFor(entry, ['properties', name]);
  if (metadata.inclusion === 'unsupported') return false;
  if (metadata.inclusion === 'automatic') return true;
  if (typeof metadata.selected === 'boolean') return metadata.selected;
  if (typeof metadata['selected-by-default'] === 'boolean') return metadata['selected-by-default'];
  return true;
}

/** Names of the schema's properties that are selected, in schema order. */
export function selectedProperties(entry: CatalogEntry): string[] {
  const properties = entry.schema.properties;
  if (!isRecord(properties)) return [];
  return Object.keys(properties).filter((name) => isPropertySelected(entry, name));
}
