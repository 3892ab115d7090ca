import { quoteIdent, quoteQualified, type Queryable } from '@pgsinger/postgres';
import { CatalogError, streamMetadata, type Catalog, type CatalogEntry, type Logger } from '@pgsinger/singer';
import { buildCatalog, tapStreamId } from '../discovery/build-catalog';
import { currentDatabase, readColumns } from '../discovery/read-columns';
import { resolveStream } from './resolve-stream';
import type { ResolvedStream } from './resolved-stream';

/** Where a catalog entry lives in the database. */
function relationOf(entry: CatalogEntry): { schema: string; table: string } {
  const schema = streamMetadata(entry)['schema-name'];
  if (typeof schema !== 'string' || schema === '') {
    throw new CatalogError(
      `stream ${entry.tap_stream_id} has no "schema-name" in its stream metadata`,
      'CATALOG_INVALID',
      'run the tap with --discover to write a fresh catalog',
    );
  }
  return { schema, table: entry.table_name ?? entry.stream };
}

/** A selected stream that cannot be synced this run, and why (a CatalogError naming the stream and the fix). */
export interface StreamLoadFailure {
  readonly tapStreamId: string;
  readonly error: unknown;
}

/** The selected streams, resolved, and those that could not be (gone, unreadable, or their metadata is wrong). */
export interface LoadedStreams {
  readonly streams: ResolvedStream[];
  readonly failures: StreamLoadFailure[];
}

/**
 * Re-discovers the selected entries' relations (one query) and resolves each stream. A stream whose table is gone or
 * unreadable, or whose metadata is wrong, is a failure of that stream only.
 */
export async function loadStreams(
  client: Queryable,
  selected: readonly CatalogEntry[],
  options: { readonly defaultMethod?: string; readonly logger: Logger },
): Promise<LoadedStreams> {
  const streams: ResolvedStream[] = [];
  const failures: StreamLoadFailure[] = [];
  if (selected.length === 0) return { streams, failures };
  const relations = selected.map(relationOf);
  const rows = await readColumns(client, { tables: relations });
  const fresh: Catalog = buildCatalog(rows, await currentDatabase(client));
  const byId = new Map(fresh.streams.map((entry) => [entry.tap_stream_id, entry]));
  const relkinds = new Map(rows.map((row) => [tapStreamId(row.schema_name, row.table_name), row.relkind]));
  const visibleKeys = new Map<string, number>();
  for (const row of rows) {
    const id = tapStreamId(row.schema_name, row.table_name);
    if (row.key_position !== null) visibleKeys.set(id, (visibleKeys.get(id) ?? 0) + 1);
  }
  const keyCounts = new Map(
    rows.map((row) => [tapStreamId(row.schema_name, row.table_name), Number(row.key_count ?? 0)]),
  );
  for (const [i, entry] of selected.entries()) {
    const { schema, table } = relations[i];
    const id = tapStreamId(schema, table);
    const found = byId.get(id);
    if (found === undefined) {
      failures.push({
        tapStreamId: entry.tap_stream_id,
        error: await missingRelation(client, entry.tap_stream_id, schema, table),
      });
      continue;
    }
    let stream: ResolvedStream;
    try {
      stream = resolveStream({
        entry,
        fresh: found,
        relkind: relkinds.get(id) ?? 'r',
        keyComplete: (visibleKeys.get(id) ?? 0) === keyCounts.get(id),
        ...(options.defaultMethod === undefined ? {} : { defaultMethod: options.defaultMethod }),
      });
    } catch (error) {
      failures.push({ tapStreamId: entry.tap_stream_id, error });
      continue;
    }
    const available = new Set(Object.keys(found.schema.properties ?? {}));
    for (const name of Object.keys(entry.schema.properties ?? {})) {
      if (!available.has(name)) {
        options.logger.warn(`${entry.tap_stream_id}: column "${name}" is gone or may not be selected; skipped`);
      }
    }
    streams.push(stream);
  }
  return { streams, failures };
}

/** Why a selected relation was not re-discovered: it is gone, or the role may not read it (schema USAGE, SELECT). */
async function missingRelation(client: Queryable, id: string, schema: string, table: string): Promise<CatalogError> {
  // Booleans cast to text: the tap's client keeps every value as the server's text (see RAW_TEXT_TYPES).
  const result = await client.query<{ exists: string; usage: string; user: string }>(
    `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = $1 AND c.relname = $2)::text AS exists,
            coalesce((SELECT has_schema_privilege(n.oid, 'USAGE') FROM pg_catalog.pg_namespace n
                       WHERE n.nspname = $1), false)::text AS usage,
            current_user AS user`,
    [schema, table],
  );
  const { exists, usage, user } = result.rows[0];
  const relation = quoteQualified(schema, table);
  if (exists !== 'true')
    return new CatalogError(
      `stream ${id}: table ${relation} does not exist in the database`,
      'TABLE_MISSING',
      'run the tap with --discover to refresh the catalog, or deselect the stream',
    );
  if (usage !== 'true')
    return new CatalogError(
      `permission denied: role ${quoteIdent(user)} has no USAGE on schema ${quoteIdent(schema)}, so it may not read ${relation} (stream ${id})`,
      'PERMISSION_DENIED',
      `GRANT USAGE ON SCHEMA ${quoteIdent(schema)} TO ${quoteIdent(user)}, or deselect the stream`,
    );
  return new CatalogError(
    `permission denied: role ${quoteIdent(user)} may not SELECT from ${relation} (stream ${id})`,
    'PERMISSION_DENIED',
    `GRANT SELECT ON ${relation} TO ${quoteIdent(user)}, or deselect the stream`,
  );
}
