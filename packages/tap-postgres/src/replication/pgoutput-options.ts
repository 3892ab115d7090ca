import { quoteIdent } from '@pgsinger/postgres';

/** START_REPLICATION options for pgoutput: protocol version 1, text values, logical messages on (PostgreSQL 14+). */
export function pgoutputOptions(
  publicationNames: readonly string[],
  options: { readonly messages?: boolean } = {},
): Record<string, string> {
  if (publicationNames.length === 0) throw new Error('pgoutput needs at least one publication');
  // publication_names is parsed as a list of identifiers: quote each one.
  const names = publicationNames.map(quoteIdent).join(',');
  return {
    proto_version: '1',
    publication_names: names,
    ...(options.messages === false ? {} : { messages: 'true' }),
  };
}
