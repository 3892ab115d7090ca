import { CatalogError, type Catalog } from '@pgsinger/singer';
import type { Queryable } from '@pgsinger/postgres';
import type { TemporalFormat } from '../config';
import { buildCatalog } from './build-catalog';
import { currentDatabase, readColumns, type ReadColumnsOptions } from './read-columns';

/** Discovers the catalog of the connected database (a couple of queries, whatever the number of tables). */
export async function discover(
  client: Queryable,
  options: ReadColumnsOptions & { readonly temporalFormat?: TemporalFormat } = {},
): Promise<Catalog> {
  const [rows, database] = await Promise.all([readColumns(client, options), currentDatabase(client)]);
  const catalog = buildCatalog(rows, database, options.temporalFormat);
  if (catalog.streams.length === 0 && options.tables === undefined) {
    const where = options.schemas && options.schemas.length > 0 ? `schemas ${options.schemas.join(', ')} of ` : '';
    throw new CatalogError(
      `0 tables were discovered in ${where}database "${database}"`,
      'NOTHING_DISCOVERED',
      'check filter_schemas and that the user may SELECT from the tables',
    );
  }
  return catalog;
}
