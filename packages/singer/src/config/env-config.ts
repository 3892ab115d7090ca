import { ConfigError, isRecord } from '../errors';
import type { ConfigSchema } from './compile-config-validator';
import { isStringArraySchema } from './describe-settings';
import { readConfigFiles } from './read-config-files';

/** Where `--config ENV` finds settings: the config schema and the variable prefix (`TAP_POSTGRES`). */
export interface EnvConfigSource {
  readonly configSchema: ConfigSchema;
  readonly envPrefix: string;
}

/** The `--config` value that means "read the settings from `<PREFIX>_*` environment variables". */
export const ENV_CONFIG_SOURCE = 'ENV';

/** The environment variable of a setting: `TAP_POSTGRES` + `ssh_tunnel.host` → `TAP_POSTGRES_SSH_TUNNEL__HOST`. */
export function envVarName(prefix: string, setting: string): string {
  const base = prefix.endsWith('_') ? prefix : `${prefix}_`;
  return base + setting.split('.').map(upper).join('__');
}

/**
 * Settings from `<PREFIX>_<KEY>` variables, as the Meltano SDK reads them: one variable per top-level property
 * (upper-cased, `-` → `_`); string lists comma-separated; objects and other arrays as JSON text; scalars stay strings
 * for the validator to coerce. Object properties also take `<PREFIX>_<KEY>__<CHILD>` per child key.
 */
export function readEnvConfig(
  schema: ConfigSchema,
  prefix: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, unknown> {
  return readObject(schema, envVarName(prefix, '').slice(0, -1), env, '_');
}

/** Reads and merges `--config` sources in order (later wins per top-level key); `ENV` reads the environment. */
export function readConfigSources(
  sources: readonly string[],
  source: EnvConfigSource,
  env: NodeJS.ProcessEnv = process.env,
  flag = '--config',
): Record<string, unknown> {
  let merged: Record<string, unknown> = {};
  for (const item of sources) {
    const next =
      item === ENV_CONFIG_SOURCE
        ? readEnvConfig(source.configSchema, source.envPrefix, env)
        : readConfigFiles([item], flag);
    merged = { ...merged, ...next };
  }
  return merged;
}

function readObject(
  schema: Readonly<Record<string, unknown>>,
  base: string,
  env: NodeJS.ProcessEnv,
  separator: string,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const properties = isRecord(schema.properties) ? schema.properties : {};
  for (const [key, child] of Object.entries(properties)) {
    if (!isRecord(child)) continue;
    const name = `${base}${separator}${upper(key)}`;
    const text = env[name];
    let value: unknown = text === undefined ? undefined : parseValue(child, name, text);
    if (isRecord(child.properties)) {
      const nested = readObject(child, name, env, '__');
      if (Object.keys(nested).length > 0) value = { ...(isRecord(value) ? value : {}), ...nested };
    }
    if (value !== undefined) result[key] = value;
  }
  return result;
}

function parseValue(schema: Readonly<Record<string, unknown>>, name: string, text: string): unknown {
  const types = typeList(schema);
  if (types.includes('string') || types.length === 0) return text;
  if (isStringArraySchema(schema) && !text.trimStart().startsWith('[')) {
    return text.split(',').map((item) => item.trim());
  }
  if (types.includes('object') || types.includes('array')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ConfigError(
        `${name}: not valid JSON`,
        'CONFIG_ENV_INVALID',
        `set ${name} to a JSON ${types.includes('object') ? 'object' : 'array'}`,
      );
    }
  }
  return text;
}

function typeList(schema: Readonly<Record<string, unknown>>): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.filter((type): type is string => typeof type === 'string');
  const variants = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : [];
  if (variants.length > 0) return variants.flatMap((variant) => (isRecord(variant) ? typeList(variant) : []));
  if (Array.isArray(schema.enum)) return [];
  return isRecord(schema.properties) || isRecord(schema.additionalProperties) ? ['object'] : [];
}

function upper(key: string): string {
  return key.toUpperCase().replace(/-/g, '_');
}
