import { quoteIdent } from '@pgsinger/postgres';
import type { Lsn } from './lsn';
import { formatLsn } from './lsn';

/** A string literal for the replication command grammar: `'…'` with quotes doubled, backslashes literal (no E''). */
export function replicationLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('A replication option cannot contain a NUL character');
  return `'${value.replaceAll("'", "''")}'`;
}

/** `START_REPLICATION SLOT "slot" LOGICAL X/Y ("option" 'value', …)` (pure). */
export function startReplicationCommand(
  slotName: string,
  startLsn: Lsn,
  pluginOptions: Readonly<Record<string, string>>,
): string {
  const options = Object.entries(pluginOptions).map(
    ([name, value]) => `${quoteIdent(name)} ${replicationLiteral(value)}`,
  );
  const suffix = options.length > 0 ? ` (${options.join(', ')})` : '';
  return `START_REPLICATION SLOT ${quoteIdent(slotName)} LOGICAL ${formatLsn(startLsn)}${suffix}`;
}
