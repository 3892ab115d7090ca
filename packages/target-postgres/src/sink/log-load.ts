import type { Logger } from '@pgsinger/singer';
import type { LoadResult } from '../load/load-batch';
import type { StreamTable } from '../stream-table';

/** Logs a committed load, with its Singer record_count and job_duration metrics. */
export function logLoad(logger: Logger, target: StreamTable, result: LoadResult, ms: number): void {
  const how = result.direct ? ' (direct COPY)' : '';
  const deleted = result.deleted > 0 ? `, deleted ${result.deleted}` : '';
  const table = `${target.schema}.${target.table}`;
  logger.info(`${target.stream}: loaded ${result.rows} rows${deleted} into ${table}${how} in ${ms} ms`);
  const tags = { endpoint: target.stream, table };
  logger.metric({ type: 'counter', metric: 'record_count', value: result.rows, tags });
  logger.metric({ type: 'timer', metric: 'job_duration', value: ms / 1000, tags });
}
