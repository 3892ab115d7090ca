import { readFileSync } from 'node:fs';
import { CatalogError } from '../errors';
import type { Catalog } from './catalog';
import { parseCatalog } from './parse-catalog';

/** Reads a catalog given by `--catalog` or the older `--properties`; errors name the flag and the path. */
export function readCatalogFile(path: string, flag = '--catalog'): Catalog {
  const source = `${flag} ${path}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = code === 'ENOENT' ? 'file not found' : `cannot be read (${String(code ?? error)})`;
    throw new CatalogError(`${source}: ${reason}`, 'CATALOG_FILE_UNREADABLE', `check the path given to ${flag}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CatalogError(`${source}: not valid JSON (${reason})`, 'CATALOG_INVALID', `fix the JSON in ${path}`);
  }
  return parseCatalog(value, source);
}
