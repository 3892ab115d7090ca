import { ConfigError, isRecord } from '../errors';
import { readJsonFile } from '../io/read-json-file';

/** Reads and merges JSON config files (later files win, key by key at the top level); errors name flag and path. */
export function readConfigFiles(paths: readonly string[], flag = '--config'): Record<string, unknown> {
  let merged: Record<string, unknown> = {};
  for (const path of paths) merged = { ...merged, ...readConfigFile(path, flag) };
  return merged;
}

function readConfigFile(path: string, flag: string): Record<string, unknown> {
  const value = readJsonFile(path, flag, {
    error: ConfigError,
    unreadableCode: 'CONFIG_FILE_UNREADABLE',
    invalidCode: 'CONFIG_FILE_INVALID',
    invalidFix: (file) => `fix the JSON in ${file}`,
  });
  if (!isRecord(value)) {
    throw new ConfigError(
      `${flag} ${path}: a config file must hold a JSON object`,
      'CONFIG_FILE_INVALID',
      `write the settings as { "key": value, ... } in ${path}`,
    );
  }
  return value;
}
