import { LOG_LEVELS, type LogFormat, type LogLevel } from './log-level';
import { pythonJson } from './python-json';
import { Redactor } from './redactor';
import { structuredLogLine, type MetricInfo } from './structured-log-line';

/** Extra structured fields of a log line; an Error under `exception` is written as the SDK's `exception` object. */
export type LogFields = Readonly<Record<string, unknown>>;

/** A Singer metric point, printed as `METRIC: {...}` like singer-python does. */
export interface MetricPoint {
  readonly type: 'counter' | 'timer';
  readonly metric: string;
  /** Count, or seconds for timers. */
  readonly value: number;
  readonly tags?: LogFields;
}

/** The logger every package takes: stderr only, secrets redacted. */
export interface Logger {
  readonly name: string;
  readonly level: LogLevel;
  /** `text` or `json` (optional so that hand-made loggers in tests need not say). */
  readonly format?: LogFormat;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  critical(message: string, fields?: LogFields): void;
  metric(point: MetricPoint): void;
  isLevelEnabled(level: LogLevel): boolean;
  /** From now on every line has these values replaced by `***`. */
  addSecrets(values: Iterable<string>): void;
}

/** Where log lines go: anything with a `write(text)`, stderr by default. */
export interface LogOutput {
  write(text: string): unknown;
}

/** Options of `createLogger`. */
export interface LoggerOptions {
  readonly name: string;
  readonly level?: LogLevel;
  readonly format?: LogFormat;
  readonly output?: LogOutput;
  readonly now?: () => Date;
}

const TEXT_NAMES: Readonly<Record<LogLevel, string>> = {
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
  critical: 'CRITICAL',
};

/** Creates a logger writing one line per entry to stderr, as text (`INFO message`) or the Singer SDK's JSON lines. */
export function createLogger(options: LoggerOptions): Logger {
  const { name, level = 'info', format = 'text', output = process.stderr, now = () => new Date() } = options;
  const threshold = LOG_LEVELS.indexOf(level);
  const redactor = new Redactor();
  const enabled = (at: LogLevel): boolean => LOG_LEVELS.indexOf(at) >= threshold;

  const emit = (at: LogLevel, message: string, fields?: LogFields, metricInfo?: MetricInfo): void => {
    if (!enabled(at)) return;
    let line: string;
    if (format === 'json') {
      line = JSON.stringify(
        structuredLogLine({ level: at, message, loggerName: name, time: now(), fields, metricInfo }),
      );
    } else {
      // The stack of an `exception` is already the message of a text line.
      const extra = Object.entries(fields ?? {}).filter(([key]) => key !== 'exception');
      line = `${TEXT_NAMES[at]} ${message}`;
      if (extra.length > 0) line += ` ${JSON.stringify(Object.fromEntries(extra))}`;
    }
    output.write(`${redactor.redact(line)}\n`);
  };

  return {
    name,
    level,
    format,
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    critical: (message, fields) => emit('critical', message, fields),
    metric: (point) => {
      const body = { type: point.type, metric: point.metric, value: point.value, tags: point.tags ?? {} };
      // Text: singer-python's `METRIC: {...}`; JSON: the SDK's `METRIC` message with `metric_info`.
      if (format === 'json') emit('info', 'METRIC', undefined, body);
      else emit('info', `METRIC: ${pythonJson(body)}`);
    },
    isLevelEnabled: enabled,
    addSecrets: (values) => redactor.add(values),
  };
}
