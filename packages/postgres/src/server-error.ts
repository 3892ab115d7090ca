import { sqlState } from './sql-state';

/**
 * What PostgreSQL said about an error: its SQLSTATE, message, and the DETAIL and HINT fields when it sent them, and
 * the table, column and constraint it named (integrity and some privilege errors do).
 */
export interface ServerErrorFields {
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
  readonly hint?: string;
  readonly table?: string;
  readonly column?: string;
  readonly constraint?: string;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().replace(/\s+/g, ' ') : undefined;

/** The server's fields of an error (pg's DatabaseError, or a sanitized copy of one); undefined for other errors. */
export function serverErrorFields(error: unknown): ServerErrorFields | undefined {
  const code = sqlState(error);
  if (code === undefined || !(error instanceof Error)) return undefined;
  const fields = error as Error & Partial<Record<'detail' | 'hint' | 'table' | 'column' | 'constraint', unknown>>;
  const named: Record<string, string> = {};
  for (const key of ['detail', 'hint', 'table', 'column', 'constraint'] as const) {
    const value = text(fields[key]);
    if (value !== undefined) named[key] = value;
  }
  return { code, message: error.message.replace(/\s+/g, ' '), ...named };
}

/** The server's message with its DETAIL on one line: `message (DETAIL: …)`. */
export function serverErrorText(fields: ServerErrorFields): string {
  return fields.detail === undefined ? fields.message : `${fields.message} (DETAIL: ${fields.detail})`;
}

/** The SQLSTATE class of a code: its first two characters (`42` syntax and access rules, `23` integrity, …). */
export function sqlStateClass(code: string): string {
  return code.slice(0, 2);
}
