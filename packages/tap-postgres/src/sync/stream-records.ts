import { quoteLiteral, withTransaction } from '@pgsinger/postgres';
import { Byte } from '@pgsinger/singer';
import type { ClientBase } from 'pg';
import type { StreamSyncContext } from '../run/strategy';
import { ByteSink } from '../values/byte-sink';
import { compileCopyRecordEncoder, decodeCopyRow, type CopyRecordEncoder } from '../values/copy-record-encoder';
import type { RawRow } from './raw-row';
import { readCopyLines } from './read-copy';
import type { SelectQuery } from './select-query';

/** Encoded RECORD bytes handed to stdout at a time: small enough to die young, large enough to amortise a write. */
const OUTPUT_BYTES = 64 * 1024;
const EMPTY = Buffer.alloc(0);

/** The stream's RECORD encoder for one run (converters compiled once from each column's `sql-datatype`). */
function streamEncoder(context: StreamSyncContext, version: number): CopyRecordEncoder {
  return compileCopyRecordEncoder({
    stream: context.stream.outputStream,
    columns: context.stream.columns,
    version,
    timeExtracted: new Date(context.clock.now()).toISOString(),
    temporalFormat: context.stream.temporalFormat,
  });
}

/**
 * What a strategy does at each checkpoint (every `itersize` rows, after the last row, and on abort): `after` gets the
 * last row sent since the checkpoint before (undefined when none was), with only the `columns` it reads decoded (the
 * others null), moves its bookmark and writes the STATE covering every row so far.
 */
export interface Checkpoints {
  readonly columns: readonly number[];
  after(lastRow: RawRow | undefined): Promise<void>;
}

/**
 * Writes the RECORDs of a query read as COPY text, checkpointing every `itersize` rows as the spec says. Each line
 * is encoded straight from PostgreSQL's bytes into output bytes (values/copy-record-encoder.ts); only a
 * checkpoint's last row is decoded into strings. Waiting for stdout pauses the COPY. On abort, stops after a STATE
 * covering the rows written by throwing the signal's reason. Returns the number of rows.
 */
export async function streamRecords(
  context: StreamSyncContext,
  query: SelectQuery,
  version: number,
  checkpoints: Checkpoints,
): Promise<number> {
  const { logger, writer } = context;
  const id = context.stream.tapStreamId;
  if (logger.isLevelEnabled('debug')) logger.debug(`${id}: query: ${describeQuery(query)}`);
  const encode = streamEncoder(context, version);
  const itersize = context.config.itersize;
  const sink = new ByteSink(OUTPUT_BYTES * 2);
  let count = 0;
  let buffered = 0;
  let sinceCheckpoint = 0;
  // The last line written, kept as bytes until a checkpoint needs it as a row (lastEnd -1: none since the last one).
  let lastLines = EMPTY;
  let lastStart = 0;
  let lastEnd = -1;
  const checkpoint = async (): Promise<void> => {
    await writer.writeBytes(sink.take(), buffered);
    buffered = 0;
    await writer.flush();
    const lastRow = lastEnd < 0 ? undefined : decodeCopyRow(lastLines, lastStart, lastEnd, checkpoints.columns);
    await checkpoints.after(lastRow);
    sinceCheckpoint = 0;
    lastEnd = -1;
    logger.debug(`${id}: checkpoint after ${count} rows: STATE written`);
  };
  for await (const lines of readCopyLines(context.client, query)) {
    let start = 0;
    let rows = 0;
    while (start < lines.length) {
      const end = lines.indexOf(Byte.Newline, start);
      encode(sink, lines, start, end);
      rows += 1;
      buffered += 1;
      lastLines = lines;
      lastStart = start;
      lastEnd = end;
      start = end + 1;
      if (sinceCheckpoint + rows === itersize) {
        count += rows;
        sinceCheckpoint += rows;
        context.progress?.add(rows);
        rows = 0;
        await checkpoint();
        // Rows arrive faster than a signal's round trip: let a pending stop land, and stop here if it did.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (context.signal.aborted) throw context.signal.reason;
      }
    }
    count += rows;
    sinceCheckpoint += rows;
    context.progress?.add(rows);
    if (context.signal.aborted) {
      await checkpoint();
      throw context.signal.reason;
    }
    if (sink.used >= OUTPUT_BYTES) {
      await writer.writeBytes(sink.take(), buffered);
      buffered = 0;
    }
  }
  if (sinceCheckpoint > 0) await checkpoint();
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
