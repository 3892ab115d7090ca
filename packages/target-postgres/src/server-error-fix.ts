import { sqlStateClass, type ServerErrorFields } from '@pgsinger/postgres';
import { grantOnTable, type LoadAccess } from './load-access';
import { quoteIdent, quoteQualified } from './identifiers';

/** The destination table a failed statement worked on. */
export interface ErrorTable {
  readonly schema: string;
  readonly table: string;
}

const RERUN = 'batches committed before are kept; rerun from the last printed state';

/**
 * What to do about a server error of a load or a schema change, by its SQLSTATE class (pure): a privilege error names
 * the privilege and the GRANT (or the ownership) it needs, an integrity error the row and the constraint, a data
 * error the value; the server's HINT wins when it sent one.
 */
export function targetErrorFix(fields: ServerErrorFields, access: LoadAccess, place: ErrorTable): string {
  if (fields.code === '42501') return privilegeFix(fields.message, access, place);
  if (fields.hint !== undefined) return `${fields.hint}; ${RERUN}`;
  const table = quoteQualified(place.schema, place.table);
  switch (sqlStateClass(fields.code)) {
    case '23': {
      const broken =
        fields.constraint !== undefined
          ? `constraint ${fields.constraint}`
          : fields.column === undefined
            ? 'a constraint'
            : `the NOT NULL constraint of column ${fields.column}`;
      return `the row breaks ${broken} of ${table}: fix the row in the source, or the constraint; ${RERUN}`;
    }
    case '22':
      return `fix the value in the source or the column type; ${RERUN}`;
    case '08':
      return `the connection to the destination failed: ${RERUN} once it is reachable`;
    case '40':
      return `a conflict with a concurrent transaction (deadlock or serialization): ${RERUN}`;
    case '53':
      return `the destination ran out of a resource (disk, memory, connections or a limit): free it, then ${RERUN}`;
    case '57':
      return `the statement was cancelled (statement_timeout, an administrator, a shutdown): ${RERUN}`;
    default:
      return `look up SQLSTATE ${fields.code} in PostgreSQL's error codes; ${RERUN}`;
  }
}

function privilegeFix(message: string, access: LoadAccess, place: ErrorTable): string {
  const role = quoteIdent(access.role);
  const table = quoteQualified(place.schema, place.table);
  if (/must be owner of/.test(message))
    return `only the table's owner may change it: ALTER TABLE ${table} OWNER TO ${role}, or have the owner make the change`;
  if (/temporary tables/.test(message))
    return `GRANT TEMPORARY ON DATABASE ${quoteIdent(access.database)} TO ${role} (loads stage rows in a temporary table)`;
  if (/for schema/.test(message)) return `GRANT USAGE, CREATE ON SCHEMA ${quoteIdent(place.schema)} TO ${role}`;
  if (/for database/.test(message))
    return `GRANT CREATE ON DATABASE ${quoteIdent(access.database)} TO ${role}, or create schema ${quoteIdent(place.schema)} for it`;
  return grantOnTable(access, place.schema, place.table);
}
