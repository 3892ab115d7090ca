import type { Logger } from './logger';
import { recordCounter } from './metrics';
import { formatCount, formatDuration } from './progress-format';

/** Options of `createProgressReporter`; the clock is injectable for tests. */
export interface ProgressOptions {
  /** Milliseconds between progress lines of a stream (default 5000). */
  readonly intervalMs?: number;
  /** Milliseconds between `record_count` METRIC points (default 60000, as singer-python). */
  readonly metricIntervalMs?: number;
  readonly now?: () => number;
}

/** What is known about a stream when its sync starts. */
export interface StreamProgressOptions {
  /** Expected rows (e.g. the catalog's `row-count`); gives a percentage and an ETA. */
  readonly estimate?: number | null;
}

/** How a stream's sync ended. */
export interface StreamSummary {
  readonly stream: string;
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly status: 'succeeded' | 'failed';
}

/** The progress of one stream: count rows with `add`, end with `finish`. */
export interface StreamProgress {
  readonly stream: string;
  readonly rows: number;
  /** Counts rows; logs a progress line when the interval has passed. */
  add(rows?: number): void;
  /** Logs a progress line if the interval has passed (call it while waiting, e.g. on a keepalive). */
  tick(): void;
  /** Logs the one-line summary, the last `record_count` point and a `job_duration` timer; idempotent. */
  finish(status?: 'succeeded' | 'failed'): StreamSummary;
}

/** Creates per-stream progress trackers. */
export interface ProgressReporter {
  stream(stream: string, options?: StreamProgressOptions): StreamProgress;
  /** Summaries of the finished streams, in order. */
  readonly summaries: readonly StreamSummary[];
}

/** Progress on stderr through the logger (info level, so silent with `--log-level warn`) plus Singer metrics. */
export function createProgressReporter(logger: Logger, options: ProgressOptions = {}): ProgressReporter {
  const { intervalMs = 5000, metricIntervalMs = 60_000, now = Date.now } = options;
  const summaries: StreamSummary[] = [];
  const json = logger.format === 'json';
  return {
    summaries,
    stream: (stream, streamOptions = {}) => {
      const estimate = streamOptions.estimate ?? undefined;
      const counter = recordCounter(logger, stream, { intervalMs: metricIntervalMs, now });
      const started = now();
      let rows = 0;
      let lastAt = started;
      let lastRows = 0;
      let summary: StreamSummary | undefined;
      const report = (at: number): void => {
        const rate = Math.round(((rows - lastRows) * 1000) / Math.max(1, at - lastAt));
        lastAt = at;
        lastRows = rows;
        if (!logger.isLevelEnabled('info')) return;
        const parts = [`${stream}: ${formatCount(rows)} rows`, `${formatCount(rate)} rows/s`];
        const fields: Record<string, unknown> = { stream, rows, rows_per_second: rate };
        if (estimate !== undefined && estimate > 0 && rows <= estimate) {
          const percent = Math.floor((rows * 1000) / estimate) / 10;
          const average = rows / Math.max(0.001, (at - started) / 1000);
          const eta = average > 0 ? (estimate - rows) / average : undefined;
          parts.push(`${percent}% of ~${formatCount(estimate)}`);
          if (eta !== undefined) parts.push(`ETA ${formatDuration(eta)}`);
          Object.assign(fields, { estimate, percent, eta_seconds: eta === undefined ? null : Math.round(eta) });
        }
        logger.info(`progress ${parts.join(', ')}`, json ? fields : undefined);
      };
      const tick = (): void => {
        const at = now();
        if (summary === undefined && at - lastAt >= intervalMs) report(at);
      };
      return {
        stream,
        get rows() {
          return rows;
        },
        add: (count = 1) => {
          rows += count;
          counter.increment(count);
          tick();
        },
        tick,
        finish: (status = 'succeeded') => {
          if (summary !== undefined) return summary;
          const seconds = (now() - started) / 1000;
          const rowsPerSecond = Math.round(rows / Math.max(seconds, 0.001));
          summary = { stream, rows, seconds, rowsPerSecond, status };
          summaries.push(summary);
          counter.flush();
          logger.metric({
            type: 'timer',
            metric: 'job_duration',
            value: seconds,
            tags: { job_type: 'sync', endpoint: stream, status },
          });
          const text =
            status === 'succeeded'
              ? `synced ${stream}: ${formatCount(rows)} rows in ${formatDuration(seconds)} (${formatCount(rowsPerSecond)} rows/s)`
              : `sync of ${stream} failed after ${formatCount(rows)} rows in ${formatDuration(seconds)}`;
          logger.info(text, json ? { stream, rows, seconds, rows_per_second: rowsPerSecond, status } : undefined);
          return summary;
        },
      };
    },
  };
}
