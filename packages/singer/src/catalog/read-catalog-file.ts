import { CatalogError } from '../errors';
import { readJsonFile } from '../io/read-json-file';
import type { Catalog } from './catalog';
import { parseCatalog } from './parse-catalog';

/** Reads a catalog given by `--catalog` or the older `--properties`; errors name the flag and the path. */
export function readCatalogFile(path: string, flag = '--catalog'): Catalog {
  const value = readJsonFile(path, flag, {
    error: CatalogError,
    unreadableCode: 'CATALOG_FILE_UNREADABLE',
    invalidCode: 'CATALOG_INVALID',
    invalidFix: (file) => `fix the JSON in ${file}`,
  });
  return parseCatalog(value, `${flag} ${path}`);
}
