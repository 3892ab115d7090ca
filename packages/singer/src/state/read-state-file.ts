import { readFileSync } from 'node:fs';
import { StateError } from '../errors';
import { normalizeState } from './normalize-state';
import type { State } from './state';

/** Reads the `--state` file; an empty file is an empty state; errors name the flag and the path. */
export function readStateFile(path: string, flag = '--state'): State {
  const source = `${flag} ${path}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = code === 'ENOENT' ? 'file not found' : `cannot be read (${String(code ?? error)})`;
    throw new StateError(`${source}: ${reason}`, 'STATE_FILE_UNREADABLE', `check the path given to ${flag}`);
  }
  if (text.trim() === '') return { bookmarks: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StateError(`${source}: not valid JSON (${reason})`, 'STATE_INVALID', `fix or remove ${path}`);
  }
  return normalizeState(value, source);
}
