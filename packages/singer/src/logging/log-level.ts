import { ConfigError } from '../errors';

/** Log levels from the most to the least verbose. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'critical'] as const;

/** One of `LOG_LEVELS`. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Log output formats: singer-python-like text lines, or JSON lines for orchestrators. */
export const LOG_FORMATS = ['text', 'json'] as const;

/** One of `LOG_FORMATS`. */
export type LogFormat = (typeof LOG_FORMATS)[number];

const ALIASES: Readonly<Record<string, LogLevel>> = { warning: 'warn', fatal: 'critical', trace: 'debug' };

/** Parses a level name case-insensitively (`WARNING`, `warn`, `fatal` accepted); names `source` when invalid. */
export function parseLogLevel(text: string, source = '--log-level'): LogLevel {
  const name = text.trim().toLowerCase();
  const level = (LOG_LEVELS as readonly string[]).includes(name) ? (name as LogLevel) : ALIASES[name];
  if (level === undefined) {
    throw new ConfigError(
      `${source}: unknown log level "${text}"`,
      'LOG_LEVEL_INVALID',
      `use one of ${LOG_LEVELS.join(', ')}`,
    );
  }
  return level;
}

/** Parses a log format name (`text` or `json`); names `source` when invalid. */
export function parseLogFormat(text: string, source = '--log-format'): LogFormat {
  const name = text.trim().toLowerCase();
  if (name === 'text' || name === 'json') return name;
  throw new ConfigError(`${source}: unknown log format "${text}"`, 'LOG_FORMAT_INVALID', 'use text or json');
}

/**
 * Level and format from `--log-level`/`--log-format`, else `LOG_LEVEL`/`LOG_FORMAT`, else what an orchestrator's
 * logging config asks for (`fallback`: Meltano's SINGER_SDK_LOG_CONFIG, see `sdkLogConfigSettings`), else info and text.
 */
export function logSettingsFrom(
  args: { readonly 'log-level'?: unknown; readonly 'log-format'?: unknown },
  env: NodeJS.ProcessEnv = process.env,
  fallback: { readonly level?: LogLevel; readonly format?: LogFormat } = {},
): { level: LogLevel; format: LogFormat } {
  const level = flagOrEnv(args['log-level'], env.LOG_LEVEL, 'LOG_LEVEL', parseLogLevel) ?? fallback.level ?? 'info';
  const format =
    flagOrEnv(args['log-format'], env.LOG_FORMAT, 'LOG_FORMAT', parseLogFormat) ?? fallback.format ?? 'text';
  return { level, format };
}

/** The flag's value when given, else the environment variable's (named in errors) when set and not empty. */
function flagOrEnv<T>(
  flag: unknown,
  fromEnv: string | undefined,
  variable: string,
  parse: (text: string, source?: string) => T,
): T | undefined {
  if (typeof flag === 'string') return parse(flag);
  return fromEnv ? parse(fromEnv, variable) : undefined;
}
