import { createHash } from 'node:crypto';

/** PostgreSQL's identifier limit in bytes (NAMEDATALEN - 1). */
export const MAX_NAME_BYTES = 63;

/** Where a stream lands: destination schema and table, plus the source schema used for `schema_mapping`. */
export interface TableName {
  readonly sourceSchema: string | null;
  readonly schema: string;
  readonly table: string;
}

/** The slice of the config that decides destination schemas. */
export interface SchemaRouting {
  readonly default_target_schema?: string | undefined;
  readonly schema_mapping?: Readonly<Record<string, { readonly target_schema?: string }>> | undefined;
}

/**
 * Splits a stream id into source schema and table. Our tap (like pipelinewise's) writes `<schema>-<table>`, and a
 * table name may itself hold hyphens, so the id splits at its FIRST hyphen: `public-with-hyphen` → `public` +
 * `with-hyphen`. `schema_mapping` keys settle the ambiguous cases: a key that is a hyphen-prefix of the id is the
 * source schema (`my-schema-plain` with a `my-schema` key → `plain`), and pipelinewise's `catalog-schema-table` is
 * read when the middle part is a key (`db-public-orders` with a `public` key → `orders`). No hyphen: a bare table.
 */
export function splitStreamName(
  stream: string,
  schemaKeys: ReadonlySet<string> = new Set(),
): { sourceSchema: string | null; table: string } {
  const parts = stream.split('-');
  if (parts.length < 2) return { sourceSchema: null, table: stream };
  for (let i = parts.length - 1; i >= 1; i--) {
    const schema = parts.slice(0, i).join('-');
    if (schemaKeys.has(schema)) return { sourceSchema: schema, table: parts.slice(i).join('-') };
  }
  if (parts.length > 2 && schemaKeys.has(parts[1] ?? ''))
    return { sourceSchema: parts[1] ?? null, table: parts.slice(2).join('-') };
  return { sourceSchema: parts[0] ?? null, table: parts.slice(1).join('-') };
}

/** Stream → destination schema and table name (lower-cased, `.`/`-` → `_`, shortened at 63 bytes); null schema when unrouted. */
export function tableNameFor(stream: string, routing: SchemaRouting): TableName | null {
  const { sourceSchema, table } = splitStreamName(stream, new Set(Object.keys(routing.schema_mapping ?? {})));
  const mapped = sourceSchema === null ? undefined : routing.schema_mapping?.[sourceSchema]?.target_schema;
  // pipelinewise splices the schema name unquoted, so PostgreSQL folds it to lower case: do the same.
  const schema = (mapped ?? routing.default_target_schema ?? '').trim().toLowerCase();
  if (schema === '') return null;
  return { sourceSchema, schema, table: shortenName(table.replace(/[.-]/g, '_').toLowerCase()) };
}

/** A column name from a property path: parts joined with `__`, lower-cased, shortened to 63 bytes. */
export function columnNameFor(path: readonly string[]): string {
  return shortenName(path.join('__').toLowerCase());
}

/** Shortens a name longer than 63 bytes to a prefix plus `_` and an 8-hex-digit hash of the full name. */
export function shortenName(name: string, maxBytes = MAX_NAME_BYTES): string {
  if (Buffer.byteLength(name, 'utf8') <= maxBytes) return name;
  const hash = createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 8);
  return `${truncateUtf8(name, maxBytes - hash.length - 1)}_${hash}`;
}

/** Cuts a string to at most maxBytes of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/** `<col>_<YYYYMMDD_HHMM>` (UTC), the pipelinewise name for a versioned column, kept within 63 bytes. */
export function versionedColumnName(column: string, now: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp =
    `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}` +
    `_${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}`;
  return `${truncateUtf8(column, MAX_NAME_BYTES - stamp.length - 1)}_${stamp}`;
}
