/**
 * Quotes a string literal for the places where parameters are impossible (replication commands, DDL options),
 * as libpq's PQescapeLiteral does: quotes doubled, and an E'' literal with doubled backslashes when needed.
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('An SQL literal cannot contain a NUL character');
  const quoted = value.replaceAll("'", "''");
  return value.includes('\\') ? ` E'${quoted.replaceAll('\\', '\\\\')}'` : `'${quoted}'`;
}
