import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ConfigError, isRecord, type ConfigProblem } from '../errors';
import type { Logger } from '../logging/logger';
import type * as ConfigAjv from './config-ajv';
import { configSchemaHash, type ConfigSchema } from './config-schema';

export type { ConfigSchema } from './config-schema';

/** Validates raw config: fills defaults, coerces `"true"`/`"5432"`, throws one `ConfigError` listing every problem. */
export type ConfigValidator<T> = (raw: unknown, logger: Pick<Logger, 'warn'>) => Readonly<T>;

/**
 * Compiles one validator per CLI (ajv `allErrors`, `useDefaults`, `coerceTypes`); unknown top-level keys only warn.
 * On first use it loads `precompiled` (a file `precompileConfigValidator` wrote at build time) when that was made from
 * this very schema, else compiles; a run that validates nothing (`--about`, `--help`) pays for neither. Config schemas
 * use no `format` (ajv-formats alone costs 50–100 ms of start-up): ajv's strict mode rejects one at compile time.
 */
export function compileConfigValidator<T>(schema: ConfigSchema, precompiled?: string): ConfigValidator<T> {
  let compiled: ValidateFunction | undefined;
  const known = new Set(isRecord(schema.properties) ? Object.keys(schema.properties) : []);

  return (raw, logger) => {
    const validate = (compiled ??= loadPrecompiled(schema, precompiled) ?? compileNow(schema));
    const config: unknown = structuredClone(raw ?? {});
    if (!validate(config)) {
      const problems = (validate.errors ?? []).map(toProblem);
      const list = problems.map((problem) => `${problem.path} ${problem.message}`).join('; ');
      const noun = problems.length === 1 ? 'problem' : 'problems';
      throw new ConfigError(
        `invalid config, ${problems.length} ${noun}: ${list}`,
        'CONFIG_INVALID',
        'correct these keys in the --config file(s)',
        problems,
      );
    }
    if (isRecord(config) && known.size > 0) {
      for (const key of Object.keys(config)) {
        if (!known.has(key)) logger.warn(`config: unknown key "${key}" is ignored`);
      }
    }
    return deepFreeze(config) as Readonly<T>;
  };
}

/** Compiles with ajv, loaded only here: a bin with its precompiled validator never loads ajv (~50 ms of start-up). */
function compileNow(schema: ConfigSchema): ValidateFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (see above); typed below
  const { configAjv } = require('./config-ajv') as typeof ConfigAjv;
  return configAjv().compile(schema);
}

/** The build's validator for this schema, or undefined (not built, or made from another version of the schema). */
function loadPrecompiled(schema: ConfigSchema, file: string | undefined): ValidateFunction | undefined {
  if (file === undefined || !existsSync(file)) return undefined;
  const loaded = createRequire(file)(file) as ValidateFunction & { schemaHash?: string };
  return loaded.schemaHash === configSchemaHash(schema) ? loaded : undefined;
}

function toProblem(error: ErrorObject): ConfigProblem {
  const segments = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map(unescapePointer);
  const params = error.params as Record<string, unknown>;
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    segments.push(params.missingProperty);
    message = 'is required';
  } else if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    segments.push(params.additionalProperty);
    message = 'is not allowed';
  } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    message = `must be one of ${params.allowedValues.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  return { path: jsonPath(segments), message };
}

function jsonPath(segments: readonly string[]): string {
  return segments.reduce(
    (path, segment) =>
      /^\d+$/.test(segment)
        ? `${path}[${segment}]`
        : /^[A-Za-z_$][\w$]*$/.test(segment)
          ? `${path}.${segment}`
          : `${path}[${JSON.stringify(segment)}]`,
    '$',
  );
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function deepFreeze<V>(value: V): V {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
