import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { ConfigError, isRecord, type ConfigProblem } from '../errors';
import type { Logger } from '../logging/logger';

/** A JSON Schema for a CLI's config; mark secrets with `"secret": true` (and `"writeOnly": true`). */
export type ConfigSchema = Readonly<Record<string, unknown>>;

/** Validates raw config: fills defaults, coerces `"true"`/`"5432"`, throws one `ConfigError` listing every problem. */
export type ConfigValidator<T> = (raw: unknown, logger: Pick<Logger, 'warn'>) => Readonly<T>;

/**
 * Compiles one validator per CLI (ajv `allErrors`, `useDefaults`, `coerceTypes`); unknown top-level keys only warn.
 * Compiled on first use, so a run that validates nothing (`--about`, `--help`) does not pay for it. Config schemas use
 * no `format` (ajv-formats alone costs 50–100 ms of start-up): ajv's strict mode rejects one at compile time.
 */
export function compileConfigValidator<T>(schema: ConfigSchema): ConfigValidator<T> {
  let compiled: ValidateFunction | undefined;
  const known = new Set(isRecord(schema.properties) ? Object.keys(schema.properties) : []);

  return (raw, logger) => {
    const validate = (compiled ??= compile(schema));
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

function compile(schema: ConfigSchema): ValidateFunction {
  const ajv = new Ajv({
    allErrors: true,
    useDefaults: true,
    coerceTypes: true,
    strictTypes: false,
    strictTuples: false,
  });
  ajv.addKeyword({ keyword: 'secret', schemaType: 'boolean' });
  return ajv.compile(schema);
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
