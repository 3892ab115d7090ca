import { readFileSync } from 'node:fs';
import { ConfigError, isRecord } from '../errors';

/** Reads and merges JSON config files (later files win, key by key at the top level); errors name flag and path. */
export function readConfigFiles(paths: readonly string[], flag = '--config'): Record<string, unknown> {
  let merged: Record<string, unknown> = {};
  for (const path of paths) merged = { ...merged, ...readConfigFile(path, flag) };
  return merged;
}

function readConfigFile(path: string, flag: string): Record<string, unknown> {
  const source = `${flag} ${path}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = code === 'ENOENT' ? 'file not found' : `cannot be read (${String(code ?? error)})`;
    throw new ConfigError(`${source}: ${reason}`, 'CONFIG_FILE_UNREADABLE', `check the path given to ${flag}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`${source}: not valid JSON (${reason})`, 'CONFIG_FILE_INVALID', `fix the JSON in ${path}`);
  }
  if (!isRecord(value)) {
    throw new ConfigError(
      `${source}: a config file must hold a JSON object`,
      'CONFIG_FILE_INVALID',
      `write the settings as { "key": value, ... } in ${path}`,
    );
  }
  return value;
}
