import { sqlState } from '@pgsinger/postgres';
import type { LoadAccess } from '../load-access';
import { isConnectionLoss } from '../load/connection-lost';
import { statementError } from '../load/load-error';
import { ddlStep } from '../schema/ddl-error';
import type { ErrorTable } from '../server-error-fix';

/** Where a statement on a stream's table ran: the stream, the input line that asked for it, what it was doing. */
export interface StatementPlace {
  readonly stream: string;
  readonly lineNumber: number;
  readonly doing: string;
  readonly access: LoadAccess;
}

/**
 * A server error of a statement on a stream's table (creating or changing it, ACTIVATE_VERSION) as one error naming
 * the input line, the stream and the statement that failed, with the fix of its SQLSTATE class. Lost connections and
 * errors that are no server errors (known ones) pass through unchanged.
 */
export function tableStatementError(error: unknown, place: StatementPlace, table: ErrorTable): unknown {
  if (isConnectionLoss(error) || sqlState(error) === undefined) return error;
  const doing = ddlStep(error) ?? place.doing;
  return statementError(
    error,
    `line ${place.lineNumber}: stream ${place.stream}: ${doing} failed`,
    table,
    place.access,
  );
}
