import { sqlState } from '@pgsinger/postgres';
import { SingerError } from '@pgsinger/singer';

/** A server error raised by a tap query, as a known error (one line: SQLSTATE and the server's message). */
export function toQueryError(error: unknown): unknown {
  const code = sqlState(error);
  if (code === undefined || !(error instanceof Error)) return error;
  const fix =
    code === '42501' ? 'grant the privilege to the tap user, or deselect the stream or column' : 'see the server log';
  return new SingerError(`PostgreSQL error ${code}: ${error.message}`, `PG_${code}`, fix, { cause: error });
}
