import { readFileSync } from 'node:fs';
import type { SingerError } from '../errors';

/** How a kind of file (config, catalog, state) reports problems: its error class, codes and fix. */
export interface JsonFileKind {
  readonly error: new (message: string, code: string, fix?: string) => SingerError;
  readonly unreadableCode: string;
  readonly invalidCode: string;
  readonly invalidFix: (path: string) => string;
  /** The code and fix of an empty (or blank) file; default: the invalid ones. */
  readonly emptyCode?: string;
  readonly emptyFix?: (path: string) => string;
}

/** Reads a JSON file named by a CLI flag; errors name the flag and the path (an empty file is one of them). */
export function readJsonFile(path: string, flag: string, kind: JsonFileKind): unknown {
  const source = `${flag} ${path}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = code === 'ENOENT' ? 'file not found' : `cannot be read (${String(code ?? error)})`;
    throw new kind.error(`${source}: ${reason}`, kind.unreadableCode, `check the path given to ${flag}`);
  }
  if (text.trim() === '') {
    const fix = kind.emptyFix ?? kind.invalidFix;
    throw new kind.error(`${source}: the file is empty`, kind.emptyCode ?? kind.invalidCode, fix(path));
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new kind.error(`${source}: not valid JSON (${reason})`, kind.invalidCode, kind.invalidFix(path));
  }
}
