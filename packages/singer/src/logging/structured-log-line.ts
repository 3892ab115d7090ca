import type { LogLevel } from './log-level';

/** Python's level names, which Meltano maps back to its levels (`logging._nameToLevel`). */
export const PYTHON_LEVEL_NAMES: Readonly<Record<LogLevel, string>> = {
  debug: 'debug',
  info: 'info',
  warn: 'warning',
  error: 'error',
  critical: 'critical',
};

/** A Singer metric point as `metric_info` (the Singer SDK's `Point.to_dict()`). */
export interface MetricInfo {
  readonly type: string;
  readonly metric: string;
  readonly value: number;
  readonly tags: Readonly<Record<string, unknown>>;
}

/** One entry to render as a structured line. */
export interface StructuredEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly loggerName: string;
  readonly time: Date;
  readonly fields?: Readonly<Record<string, unknown>>;
  readonly metricInfo?: MetricInfo;
}

/** One frame of an exception's traceback, outermost first (as Python writes them). */
export interface TracebackFrame {
  readonly filename: string;
  readonly function: string;
  readonly lineno: number;
  readonly line: string;
}

/** An error as the Singer SDK's StructuredFormatter writes `exception` (Meltano's `PluginException`). */
export interface ExceptionInfo {
  readonly type: string;
  readonly module: string;
  readonly message: string;
  readonly traceback?: readonly TracebackFrame[];
  readonly cause?: ExceptionInfo;
}

/**
 * The Singer SDK's structured log line (what Meltano's SingerSDKLogParser requires: level, pid, logger_name, ts,
 * thread_name, app_name, message; stream_name, metric_info and exception when known). Extra fields stay at the top
 * level (Meltano keeps them as structured extras) but never replace these keys. An Error in `fields.exception`
 * becomes `exception`.
 */
export function structuredLogLine(entry: StructuredEntry): Record<string, unknown> {
  const { exception, ...extra } = entry.fields ?? {};
  const tags = entry.metricInfo?.tags ?? {};
  const stream = extra.stream ?? tags.endpoint ?? tags.stream;
  return {
    ...extra,
    level: PYTHON_LEVEL_NAMES[entry.level],
    pid: process.pid,
    logger_name: entry.loggerName,
    ts: entry.time.getTime() / 1000,
    thread_name: 'MainThread',
    app_name: entry.loggerName,
    stream_name: typeof stream === 'string' ? stream : null,
    message: entry.message,
    ...(entry.metricInfo === undefined ? {} : { metric_info: entry.metricInfo }),
    ...(exception instanceof Error ? { exception: exceptionInfo(exception) } : {}),
  };
}

/** An Error as `exception`: its name, where it was thrown, its message, the V8 stack as frames, and its cause. */
export function exceptionInfo(error: Error, depth = 0): ExceptionInfo {
  const traceback = parseStack(error.stack ?? '');
  const cause = error.cause instanceof Error && depth < 5 ? exceptionInfo(error.cause, depth + 1) : undefined;
  return {
    type: error.name,
    module: traceback.at(-1)?.filename ?? '',
    message: error.message,
    ...(traceback.length > 0 ? { traceback } : {}),
    ...(cause === undefined ? {} : { cause }),
  };
}

const FRAME = /^\s*at (?:(.+?) \()?(.+?):(\d+):\d+\)?$/;

/** V8 `at fn (file:line:col)` lines as frames, outermost first. */
function parseStack(stack: string): TracebackFrame[] {
  const frames: TracebackFrame[] = [];
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (match)
      frames.push({
        filename: match[2] ?? '',
        function: match[1] ?? '<anonymous>',
        lineno: Number(match[3]),
        line: '',
      });
  }
  return frames.reverse();
}
