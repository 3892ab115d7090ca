import type { CatalogEntry } from './catalog';
import { streamMetadata } from './metadata-for';

/** The stream's replication method: metadata `replication-method`, else Meltano's `replication_method`. */
export function replicationMethodOf(entry: CatalogEntry): string | undefined {
  const value = streamMetadata(entry)['replication-method'] ?? entry.replication_method;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The stream's replication key: metadata `replication-key`, else Meltano's `replication_key`. */
export function replicationKeyOf(entry: CatalogEntry): string | undefined {
  const value = streamMetadata(entry)['replication-key'] ?? entry.replication_key;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
