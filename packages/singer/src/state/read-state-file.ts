import { StateError } from '../errors';
import { readJsonFile } from '../io/read-json-file';
import { normalizeState } from './normalize-state';
import type { State } from './state';

/** Reads the `--state` file; an empty file is an empty state; errors name the flag and the path. */
export function readStateFile(path: string, flag = '--state'): State {
  const value = readJsonFile(
    path,
    flag,
    {
      error: StateError,
      unreadableCode: 'STATE_FILE_UNREADABLE',
      invalidCode: 'STATE_INVALID',
      invalidFix: (file) => `fix or remove ${file}`,
    },
    { bookmarks: {} },
  );
  return normalizeState(value, `${flag} ${path}`);
}
