import { serverErrorFields, serverErrorText } from '@pgsinger/postgres';
import { LoadError } from '../errors';
import type { Batch } from '../batch/batch';
import type { LoadAccess } from '../load-access';
import { targetErrorFix, type ErrorTable } from '../server-error-fix';
import type { StreamTable } from '../stream-table';

const COPY_LINE = /COPY [^,]+, line (\d+)(?:, column ([^:]+))?/;

/**
 * Turns a failed load into one clear error naming the stream, the input line (when known), the problem with
 * PostgreSQL's DETAIL, and the fix its SQLSTATE class calls for.
 */
export function loadError(
  error: unknown,
  target: StreamTable,
  lineNumbers: readonly number[],
  batch: Batch,
  access: LoadAccess,
): LoadError {
  const where = (error as { where?: unknown }).where;
  const copy = typeof where === 'string' ? COPY_LINE.exec(where) : null;
  let place = '';
  if (copy !== null) {
    const line = lineNumbers[Number(copy[1]) - 1];
    if (line !== undefined) place = ` at input line ${line}`;
    if (copy[2] !== undefined) place += `, column ${copy[2]}`;
  } else {
    const { first, last } = batch.lineRange();
    if (last > 0) place = ` in the batch of input lines ${first}–${last}`;
  }
  return statementError(error, `stream ${target.stream}${place}`, target, access);
}

/** A server error of a statement on a stream's table (a load, a schema change, ACTIVATE_VERSION) as a LoadError. */
export function statementError(error: unknown, what: string, table: ErrorTable, access: LoadAccess): LoadError {
  const fields = serverErrorFields(error);
  if (fields === undefined) {
    const message = error instanceof Error ? error.message : String(error);
    return new LoadError(`${what}: ${message}`, 'batches committed before are kept; rerun from the last printed state');
  }
  return new LoadError(
    `${what}: ${serverErrorText(fields)} (SQLSTATE ${fields.code})`,
    targetErrorFix(fields, access, table),
  );
}
