import type { LogFields, Logger } from './logger';

/** A Singer counter that logs its count every `intervalMs` (singer-python: 60 s) and on `flush()`. */
export interface MetricCounter {
  increment(by?: number): void;
  /** Logs the count since the last point, when there is one, and resets it. */
  flush(): void;
}

/** Options of the metric helpers; time is injected so tests need no clock. */
export interface MetricOptions {
  readonly intervalMs?: number;
  readonly now?: () => number;
}

/** Creates a counter (e.g. `record_count` with `{ endpoint }` tags) that logs METRIC points periodically. */
export function createCounter(
  logger: Pick<Logger, 'metric'>,
  metric: string,
  tags: LogFields = {},
  options: MetricOptions = {},
): MetricCounter {
  const { intervalMs = 60_000, now = Date.now } = options;
  let value = 0;
  let last = now();
  const flush = (): void => {
    if (value > 0) logger.metric({ type: 'counter', metric, value, tags });
    value = 0;
    last = now();
  };
  return {
    increment: (by = 1) => {
      value += by;
      if (now() - last >= intervalMs) flush();
    },
    flush,
  };
}

/** Runs `work` and logs a timer point in seconds with `status: succeeded | failed` added to the tags. */
export async function timeMetric<T>(
  logger: Pick<Logger, 'metric'>,
  metric: string,
  tags: LogFields,
  work: () => Promise<T>,
  options: Pick<MetricOptions, 'now'> = {},
): Promise<T> {
  const now = options.now ?? Date.now;
  const start = now();
  let status = 'failed';
  try {
    const result = await work();
    status = 'succeeded';
    return result;
  } finally {
    logger.metric({ type: 'timer', metric, value: (now() - start) / 1000, tags: { ...tags, status } });
  }
}

/** singer-python's `record_counter(endpoint)`: a `record_count` counter tagged `{ endpoint: stream }`. */
export function recordCounter(
  logger: Pick<Logger, 'metric'>,
  stream: string,
  options: MetricOptions = {},
): MetricCounter {
  return createCounter(logger, 'record_count', { endpoint: stream }, options);
}

/** singer-python's `job_timer(job_type)`: a `job_duration` timer tagged `{ job_type, status, ...tags }`. */
export function jobTimer<T>(
  logger: Pick<Logger, 'metric'>,
  jobType: string,
  work: () => Promise<T>,
  options: Pick<MetricOptions, 'now'> & { readonly tags?: LogFields } = {},
): Promise<T> {
  return timeMetric(logger, 'job_duration', { job_type: jobType, ...options.tags }, work, options);
}
