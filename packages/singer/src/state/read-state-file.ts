import { StateError } from '../errors';
import { readJsonFile } from '../io/read-json-file';
import { normalizeState } from './normalize-state';
import type { State } from './state';

/**
 * Reads the `--state` file; errors name the flag and the path. An empty (or blank) file is an error, as with
 * pipelinewise: a failed job or a full disk truncates state files, and reading one as "no state" would silently
 * start every stream over (LOG_BASED: a new initial copy).
 */
export function readStateFile(path: string, flag = '--state'): State {
  const value = readJsonFile(path, flag, {
    error: StateError,
    unreadableCode: 'STATE_FILE_UNREADABLE',
    invalidCode: 'STATE_INVALID',
    invalidFix: (file) => `fix or remove ${file}`,
    emptyCode: 'STATE_EMPTY',
    emptyFix: (file) =>
      `a failed job or a full disk can truncate a state file: restore ${file} from the last state line the target ` +
      `printed, or start over deliberately by writing {} into it (every stream then syncs from the start)`,
  });
  return normalizeState(value, `${flag} ${path}`);
}
