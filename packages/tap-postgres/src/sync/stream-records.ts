import { quoteLiteral, withTransaction } from '@pgsinger/postgres';
import type { ClientBase } from 'pg';
import { compileValueConverter } from './value-converter';
import { compileRecordSerializer, type RecordSerializer } from './record-serializer';
import { readBatches, type RawRow } from './read-batches';
import type { SelectQuery } from './select-query';
import type { StreamSyncContext } from './sync-strategy';

const CHUNK_CHARS = 64 * 1024;

/** The stream's RECORD serializer for one run (converters compiled once from each column's `sql-datatype`). */
export function streamSerializer(context: StreamSyncContext, version: number): RecordSerializer {
  return compileRecordSerializer({
    stream: context.stream.outputStream,
    columns: context.stream.columns.map((column) => ({
      name: column.name,
      convert: compileValueConverter(column.type),
    })),
    version,
    timeExtracted: context.now().toISOString(),
  });
}

/**
 * Writes the RECORDs of a query batch by batch, then calls `afterBatch` (which writes the STATE covering them);
 * waiting for stdout pauses the cursor. On abort, stops after the batch's STATE by throwing the signal's reason.
 */
export async function streamRecords(
  context: StreamSyncContext,
  query: SelectQuery,
  serialize: RecordSerializer,
  afterBatch: (rows: readonly RawRow[]) => Promise<void>,
): Promise<number> {
  let count = 0;
  for await (const rows of readBatches(context.client, query, context.config.itersize)) {
    // Lines go out in chunks of about 64 KiB: small strings die young, and a full stdout pauses the cursor.
    let chunk = '';
    for (let i = 0; i < rows.length; i += 1) {
      chunk = chunk === '' ? serialize(rows[i]) : `${chunk}\n${serialize(rows[i])}`;
      if (chunk.length >= CHUNK_CHARS) {
        await context.writer.writeLine(chunk);
        chunk = '';
      }
    }
    if (chunk !== '') await context.writer.writeLine(chunk);
    await context.writer.flush();
    count += rows.length;
    context.progress?.add(rows.length);
    await afterBatch(rows);
    if (context.signal.aborted) throw context.signal.reason;
  }
  return count;
}

/**
 * Runs `fn` in one REPEATABLE READ, READ ONLY transaction (one consistent snapshot of the relation); with
 * `snapshotName`, in that exported snapshot (LOG_BASED initial copy: it lines up with the slot's start).
 */
export function inSnapshot<T>(
  client: ClientBase,
  fn: (client: ClientBase) => Promise<T>,
  snapshotName?: string,
): Promise<T> {
  return withTransaction(
    client,
    async (inner) => {
      if (snapshotName !== undefined) await inner.query(`SET TRANSACTION SNAPSHOT ${quoteLiteral(snapshotName)}`);
      return fn(inner);
    },
    { isolation: 'repeatable read', readOnly: true },
  );
}
