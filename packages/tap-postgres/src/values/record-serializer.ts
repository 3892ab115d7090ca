import type { TemporalFormat } from '../config';
import type { SqlType } from '../discovery/sql-type';
import { SqlTextNotes } from './sql-text-notes';
import { compileValueConverter, type ValueConverter } from './value-converter';

/** A selected column and its parsed type, in SELECT order. */
export interface SerializedColumn {
  readonly name: string;
  readonly type: SqlType;
}

/** Turns one row (array row mode, raw text values) into a complete RECORD line (without `\n`). */
export type RecordSerializer = (row: readonly (string | null)[]) => string;

/** Options of a stream's serializer; `version` and `timeExtracted` are fixed for the whole run of a stream. */
export interface RecordSerializerOptions {
  readonly stream: string;
  readonly columns: readonly SerializedColumn[];
  readonly version?: number;
  readonly timeExtracted?: string;
  readonly temporalFormat?: TemporalFormat;
}

/** The pieces of a stream's RECORD lines, shared by the string serializer and the COPY encoder (pure). */
export interface RecordParts {
  /** `{"type":"RECORD","stream":…,"record":{` */
  readonly head: string;
  /** `"name":` of each column, with the comma before it from the second on. */
  readonly keys: readonly string[];
  /** Each column's converter; the values JSON cannot carry are noted in `notes`. */
  readonly converters: readonly ValueConverter[];
  readonly notes: SqlTextNotes;
  /** `,"version":…,"time_extracted":…}` (after the record and its `x-sql-text`). */
  readonly tail: string;
}

/** Compiles the pieces of a stream's RECORD lines (converters compiled once per column). */
export function recordParts(options: RecordSerializerOptions): RecordParts {
  const head = `{"type":"RECORD","stream":${JSON.stringify(options.stream)},"record":{`;
  let tail = '';
  if (options.version !== undefined) tail += `,"version":${options.version}`;
  if (options.timeExtracted !== undefined) tail += `,"time_extracted":${JSON.stringify(options.timeExtracted)}`;
  tail += '}';
  const notes = new SqlTextNotes();
  const names = options.columns.map((column) => JSON.stringify(column.name));
  const keys = names.map((name, i) => `${i === 0 ? '' : ','}${name}:`);
  const converters = options.columns.map((column, i) =>
    compileValueConverter(column.type, { temporalFormat: options.temporalFormat, note: notes.noteFor(names[i]) }),
  );
  return { head, keys, converters, notes, tail };
}

/**
 * Compiles the per-stream RECORD serializer: JSON text written directly, no intermediate objects (pure); values the
 * record cannot carry go to the envelope's `x-sql-text`.
 */
export function compileRecordSerializer(options: RecordSerializerOptions): RecordSerializer {
  const { head, keys, converters, notes, tail } = recordParts(options);
  const count = converters.length;
  return (row) => {
    let out = head;
    for (let i = 0; i < count; i += 1) {
      const value = row[i];
      out += keys[i];
      out += value === null || value === undefined ? 'null' : converters[i](value);
    }
    return `${out}}${notes.take()}${tail}`;
  };
}
