import {
  formatTimestamp,
  isInfinityText,
  readTimestamp,
  readTimestampLeniently,
  utcMinutes,
} from '../input/timestamp-text';
import { COPY_NULL } from './copy-text';

/** A record's `_sdc_deleted_at` value → the COPY text of a timestamp `_sdc_deleted_at` column. */
export type DeletedAtText = (value: unknown) => string;

/** What a DeletedAtText needs: the load time, and where to say that a value could not be read. */
export interface DeletedAtOptions {
  readonly loadTime: () => string;
  readonly warn: (message: string) => void;
}

/**
 * Other taps spell `_sdc_deleted_at` their own ways: tap-mysql `2019-12-18T13:19:44+00:00+00:00`, some a date only,
 * some a naive time (UTC). A value PostgreSQL reads is stored as sent; a repeated offset or a fraction past
 * microseconds is read leniently (the first offset counts); anything else non-null (a number, `true`, a word) is
 * still a delete and stores the load time, with a warning once per stream. Never a failed load.
 */
export function deletedAtText(options: DeletedAtOptions): DeletedAtText {
  let warned = false;
  return (value) => {
    if (value === null || value === undefined) return COPY_NULL;
    if (typeof value === 'string') {
      if (readTimestamp(value) !== undefined || isInfinityText(value)) return value;
      const parts = readTimestampLeniently(value);
      if (parts !== undefined) return formatTimestamp(utcMinutes(parts), parts.second, parts.micros, '+00:00');
    }
    const loadTime = options.loadTime();
    if (!warned) {
      warned = true;
      options.warn(
        `_sdc_deleted_at ${JSON.stringify(value)} is not a date-time: the row is deleted (or marked) with the load ` +
          `time ${loadTime} instead (reported once per stream)`,
      );
    }
    return loadTime;
  };
}
