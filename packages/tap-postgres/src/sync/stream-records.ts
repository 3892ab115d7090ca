import { quoteLiteral, withTransaction } from '@pgsinger/postgres';
import type { ClientBase } from 'pg';
import type { StreamSyncContext } from '../run/strategy';
import { compileRecordSerializer, type RecordSerializer } from '../values/record-serializer';
import { compileValueConverter } from '../values/value-converter';
import { readBatches, type RawRow } from './read-batches';
import type { SelectQuery } from './select-query';

const CHUNK_CHARS = 64 * 1024;
/** Output characters a fetch aims at (about 1 MiB): small enough to die young, large enough to amortise a round trip. */
const FETCH_CHARS = 1024 * 1024;
const FIRST_FETCH_ROWS = 1000;
const MIN_FETCH_ROWS = 16;

/** The stream's RECORD serializer for one run (converters compiled once from each column's `sql-datatype`). */
export function streamSerializer(context: StreamSyncContext, version: number): RecordSerializer {
  return compileRecordSerializer({
    stream: context.stream.outputStream,
    columns: context.stream.columns.map((column) => ({
      name: column.name,
      convert: compileValueConverter(column.type),
    })),
    version,
    timeExtracted: new Date(context.clock.now()).toISOString(),
  });
}

/**
 * Called after every fetch with its rows; `checkpoint` is true every `itersize` rows and after the last fetch, when
 * the callee writes the STATE covering every row so far (other calls only move its bookmark).
 */
export type AfterFetch = (rows: readonly RawRow[], checkpoint: boolean) => Promise<void>;

/**
 * Writes the RECORDs of a query, checkpointing every `itersize` rows as the spec says. Rows are fetched in smaller
 * pieces of about FETCH_CHARS of output (never across a checkpoint): a fetch then dies in V8's young generation
 * instead of surviving into the old one, where 20,000-row fetches piled up as garbage until a full collection (RSS
 * about 300 MB at 1M rows). Waiting for stdout pauses the cursor. On abort, stops after a STATE covering the rows
 * written by throwing the signal's reason.
 */
export async function streamRecords(
  context: StreamSyncContext,
  query: SelectQuery,
  serialize: RecordSerializer,
  afterFetch: AfterFetch,
): Promise<number> {
  const { logger } = context;
  const id = context.stream.tapStreamId;
  if (logger.isLevelEnabled('debug')) logger.debug(`${id}: query: ${describeQuery(query)}`);
  let count = 0;
  let fetchRows = FIRST_FETCH_ROWS;
  const plan = { checkpointEvery: context.config.itersize, rowsPerFetch: () => fetchRows };
  for await (const { rows, checkpoint } of readBatches(context.client, query, plan)) {
    // Lines go out in chunks of about 64 KiB: small strings die young, and a full stdout pauses the cursor.
    let chunk = '';
    let chars = 0;
    for (let i = 0; i < rows.length; i += 1) {
      const line = serialize(rows[i]);
      chars += line.length;
      chunk = chunk === '' ? line : `${chunk}\n${line}`;
      if (chunk.length >= CHUNK_CHARS) {
        await context.writer.writeLine(chunk);
        chunk = '';
      }
    }
    if (chunk !== '') await context.writer.writeLine(chunk);
    count += rows.length;
    context.progress?.add(rows.length);
    if (rows.length > 0) fetchRows = Math.max(MIN_FETCH_ROWS, Math.floor((FETCH_CHARS * rows.length) / (chars + 1)));
    const aborted = context.signal.aborted;
    if (checkpoint || aborted) await context.writer.flush();
    await afterFetch(rows, checkpoint || aborted);
    if (checkpoint || aborted) logger.debug(`${id}: checkpoint after ${count} rows: STATE written`);
    if (aborted) throw context.signal.reason;
  }
  return count;
}

/** A query for the log: its text, and its parameters by number only (their values are data: never logged). */
export function describeQuery(query: SelectQuery): string {
  const text = query.text.replace(/\s+/g, ' ');
  if (query.values.length === 0) return text;
  return `${text} -- parameters ${query.values.map((_, i) => `$${i + 1}`).join(', ')} (values not logged)`;
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
