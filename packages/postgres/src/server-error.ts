import { sqlState } from './sql-state';

/** What PostgreSQL said about an error: its SQLSTATE, message, and the DETAIL and HINT fields when it sent them. */
export interface ServerErrorFields {
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
  readonly hint?: string;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().replace(/\s+/g, ' ') : undefined;

/** The server's fields of an error (pg's DatabaseError, or a sanitized copy of one); undefined for other errors. */
export function serverErrorFields(error: unknown): ServerErrorFields | undefined {
  const code = sqlState(error);
  if (code === undefined || !(error instanceof Error)) return undefined;
  const fields = error as Error & { detail?: unknown; hint?: unknown };
  const detail = text(fields.detail);
  const hint = text(fields.hint);
  return {
    code,
    message: error.message.replace(/\s+/g, ' '),
    ...(detail === undefined ? {} : { detail }),
    ...(hint === undefined ? {} : { hint }),
  };
}

/** The server's message with its DETAIL on one line: `message (DETAIL: …)`. */
export function serverErrorText(fields: ServerErrorFields): string {
  return fields.detail === undefined ? fields.message : `${fields.message} (DETAIL: ${fields.detail})`;
}

/** The SQLSTATE class of a code: its first two characters (`42` syntax and access rules, `23` integrity, …). */
export function sqlStateClass(code: string): string {
  return code.slice(0, 2);
}
