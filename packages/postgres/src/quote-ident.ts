/** PostgreSQL's NAMEDATALEN - 1: longer identifiers are silently truncated by the server. */
export const MAX_IDENTIFIER_BYTES = 63;

/** Quotes an identifier for SQL (always double-quoted, inner quotes doubled); the one quoting helper of the project. */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new Error('An SQL identifier cannot be empty');
  if (name.includes('\0')) throw new Error(`An SQL identifier cannot contain a NUL character: ${JSON.stringify(name)}`);
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes `schema.table` (each part separately). */
export function quoteQualified(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

/** Length of an identifier in UTF-8 bytes, as the server counts it against MAX_IDENTIFIER_BYTES. */
export function identifierByteLength(name: string): number {
  return Buffer.byteLength(name, 'utf8');
}

/** Cuts an identifier to at most `maxBytes` UTF-8 bytes without splitting a character, as the server truncates. */
export function truncateIdentifier(name: string, maxBytes: number = MAX_IDENTIFIER_BYTES): string {
  if (identifierByteLength(name) <= maxBytes) return name;
  let bytes = 0;
  let result = '';
  for (const char of name) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes) break;
    bytes += size;
    result += char;
  }
  return result;
}
