import { readFileSync } from 'node:fs';
import { isRecord } from '../errors';
import { parseLogLevel, type LogFormat, type LogLevel } from './log-level';

/** The variable through which Meltano hands Singer plugins a Python logging config file. */
export const SDK_LOG_CONFIG_ENV = 'SINGER_SDK_LOG_CONFIG';

const STRUCTURED_FORMATTER = 'singer_sdk.logging.StructuredFormatter';

/**
 * What the logging config named by SINGER_SDK_LOG_CONFIG asks for. Meltano writes it for every Singer plugin: its
 * formatter is the SDK's StructuredFormatter when the plugin declares `structured-logging` (then: JSON lines), and its
 * root level follows Meltano's log level. A missing or unreadable file asks for nothing.
 */
export function sdkLogConfigSettings(env: NodeJS.ProcessEnv = process.env): { level?: LogLevel; format?: LogFormat } {
  const file = env[SDK_LOG_CONFIG_ENV];
  if (!file) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    // A YAML config (the SDK accepts those too): only the formatter class is recognised.
    return text.includes(STRUCTURED_FORMATTER) ? { format: 'json' } : {};
  }
  if (!isRecord(config)) return {};
  const formatters = isRecord(config.formatters) ? Object.values(config.formatters) : [];
  const structured = formatters.some((formatter) => isRecord(formatter) && formatter['()'] === STRUCTURED_FORMATTER);
  const settings: { level?: LogLevel; format?: LogFormat } = { format: structured ? 'json' : 'text' };
  const rootLevel = isRecord(config.root) ? config.root.level : undefined;
  if (typeof rootLevel === 'string') {
    try {
      settings.level = parseLogLevel(rootLevel, SDK_LOG_CONFIG_ENV);
    } catch {
      // a level we do not know (e.g. a number): keep ours
    }
  }
  return settings;
}
