import { LoadError } from '../errors';
import type { Batch } from '../batch/batch';

const COPY_LINE = /COPY [^,]+, line (\d+)(?:, column ([^:]+))?/;

/** Turns a failed load into one clear error naming the stream, the input line (when known) and the problem. */
export function loadError(error: unknown, stream: string, lineNumbers: readonly number[], batch: Batch): LoadError {
  const e = error as { message?: unknown; where?: unknown; code?: unknown; column?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(error);
  const where = typeof e.where === 'string' ? COPY_LINE.exec(e.where) : null;
  let place = '';
  if (where !== null) {
    const line = lineNumbers[Number(where[1]) - 1];
    if (line !== undefined) place = ` at input line ${line}`;
    if (where[2] !== undefined) place += `, column ${where[2]}`;
  } else {
    const { first, last } = batch.lineRange();
    if (last > 0) place = ` in the batch of input lines ${first}–${last}`;
  }
  const code = typeof e.code === 'string' ? ` (SQLSTATE ${e.code})` : '';
  return new LoadError(
    `stream ${stream}${place}: ${message}${code}`,
    'fix the value in the source or the column type; batches committed before are kept, rerun from the last state',
  );
}
