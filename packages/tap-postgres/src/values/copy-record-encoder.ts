import type { SqlType } from '../discovery/sql-type';
import type { ByteSink } from './byte-sink';
import { Byte } from '@pgsinger/singer';
import {
  appendFieldAsIs,
  appendFieldAsJsonString,
  fieldEnd,
  fieldText,
  isFiniteNumberAt,
  isNullAt,
} from './copy-field';
import { appendIsoDate, appendIsoTimestamp } from './copy-temporal';
import { recordParts, type RecordSerializerOptions } from './record-serializer';

/** Appends the RECORD line (with its newline) of the COPY text line [start, end) to the sink. */
export type CopyRecordEncoder = (sink: ByteSink, line: Buffer, start: number, end: number) => void;

/**
 * Writes the JSON value of the non-NULL field starting at `start` and returns the field's end (its tab or `lineEnd`);
 * returns NOT_WRITTEN, having written nothing, when the field needs the text way (the value converter).
 */
type FieldWriter = (sink: ByteSink, line: Buffer, start: number, lineEnd: number) => number;
const NOT_WRITTEN = -1;

const NULL = Buffer.from('null');
const CLOSE = Buffer.from('}');
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');

/**
 * The byte writer of a column whose JSON is PostgreSQL's text itself or a plain rewrite of it (integers, finite
 * numbers, booleans, strings, ISO date-times); undefined for the rest, which go through the value converter.
 */
function fieldWriter(type: SqlType, options: RecordSerializerOptions): FieldWriter | undefined {
  if (type.isArray) return undefined;
  const pipelinewise = (options.temporalFormat ?? 'pipelinewise') === 'pipelinewise';
  switch (type.kind) {
    case 'integer':
      return appendFieldAsIs;
    case 'numeric':
    case 'float':
      return (sink, line, start, lineEnd) =>
        isFiniteNumberAt(line, start) ? appendFieldAsIs(sink, line, start, lineEnd) : NOT_WRITTEN;
    case 'boolean':
      return (sink, line, start) => (sink.append(line[start] === Byte.LowerT ? TRUE : FALSE), start + 1);
    case 'string':
      return appendFieldAsJsonString;
    case 'timestamptz':
    case 'timestamp':
      return pipelinewise ? whole(appendIsoTimestamp) : undefined;
    case 'date':
      return pipelinewise ? whole(appendIsoDate) : undefined;
    default:
      return undefined;
  }
}

/** A writer of a field it sees whole (it finds the field's end first). */
function whole(write: (sink: ByteSink, line: Buffer, start: number, end: number) => boolean): FieldWriter {
  return (sink, line, start, lineEnd) => {
    const stop = fieldEnd(line, start, lineEnd);
    return write(sink, line, start, stop) ? stop : NOT_WRITTEN;
  };
}

/**
 * Compiles a stream's RECORD encoder for rows read as COPY text: the same lines compileRecordSerializer writes for
 * the same rows, made from the bytes PostgreSQL sent without a string per value for most types (pure). Fields past
 * the stream's columns (a query's trailing helper column) are not part of the record.
 */
export function compileCopyRecordEncoder(options: RecordSerializerOptions): CopyRecordEncoder {
  const parts = recordParts(options);
  const { converters, notes } = parts;
  const head = Buffer.from(parts.head);
  const keys = parts.keys.map((key) => Buffer.from(key));
  const tail = Buffer.from(`${parts.tail}\n`);
  const writers = options.columns.map((column) => fieldWriter(column.type, options));
  const count = converters.length;
  return (sink, line, start, end) => {
    sink.append(head);
    let pos = start;
    for (let i = 0; i < count; i += 1) {
      sink.append(keys[i]);
      let stop: number;
      if (isNullAt(line, pos)) {
        sink.append(NULL);
        stop = pos + 2;
      } else {
        const writer = writers[i];
        stop = writer === undefined ? NOT_WRITTEN : writer(sink, line, pos, end);
        if (stop === NOT_WRITTEN) {
          stop = fieldEnd(line, pos, end);
          sink.appendText(converters[i](fieldText(line, pos, stop)));
        }
      }
      pos = stop + 1;
    }
    sink.append(CLOSE);
    const noted = notes.take();
    if (noted !== '') sink.appendText(noted);
    sink.append(tail);
  };
}

/**
 * The fields at `wanted` of the COPY text line [start, end) as PostgreSQL printed them (null for NULL), the others
 * null: a bookmark's columns, without decoding the row's large values.
 */
export function decodeCopyRow(line: Buffer, start: number, end: number, wanted: readonly number[]): (string | null)[] {
  const row: (string | null)[] = [];
  let pos = start;
  for (let i = 0; ; i += 1) {
    const stop = fieldEnd(line, pos, end);
    row.push(isNullAt(line, pos) || !wanted.includes(i) ? null : fieldText(line, pos, stop));
    if (stop >= end) return row;
    pos = stop + 1;
  }
}
