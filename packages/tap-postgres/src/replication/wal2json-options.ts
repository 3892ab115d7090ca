import type { TableName } from './decoded-change';

/** The message prefix of our heartbeats (see emitHeartbeat). */
export const HEARTBEAT_PREFIX = 'pgsinger_heartbeat';

const WAL2JSON_SPECIAL = /[\\ ',.*]/g;

/** Escapes a schema or table name for wal2json's `add-tables` (backslash before space, quote, comma, period, `*`). */
export function escapeWal2jsonName(name: string): string {
  return name.replace(WAL2JSON_SPECIAL, (c) => `\\${c}`);
}

/** The `add-tables` value for the given tables (pure). */
export function wal2jsonTableFilter(tables: readonly TableName[]): string {
  return tables.map((t) => `${escapeWal2jsonName(t.schema)}.${escapeWal2jsonName(t.table)}`).join(',');
}

/**
 * START_REPLICATION options for wal2json: format-version 2 (one message per change, so memory stays flat),
 * begin/commit with their LSNs and commit time, type OIDs (not names: the catalog has them), only the given tables, and
 * only our own logical messages (heartbeats).
 */
export function wal2jsonOptions(
  tables: readonly TableName[],
  options: { readonly messagePrefixes?: readonly string[] } = {},
): Record<string, string> {
  if (tables.length === 0) throw new Error('wal2json needs at least one table for add-tables');
  const prefixes = options.messagePrefixes ?? [HEARTBEAT_PREFIX];
  return {
    'format-version': '2',
    'include-transaction': 'true',
    'include-timestamp': 'true',
    'include-lsn': 'true',
    'include-types': 'false',
    // The decoder needs each column's type OID: wal2json prints bytea hex without its `\x` (see textValue).
    'include-type-oids': 'true',
    'add-tables': wal2jsonTableFilter(tables),
    ...(prefixes.length > 0 ? { 'add-msg-prefixes': prefixes.map(escapeWal2jsonName).join(',') } : {}),
  };
}
