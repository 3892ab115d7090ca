import type { TemporalFormat } from '../config';
import type { SqlType } from '../discovery/sql-type';
import { SqlTextNotes } from './sql-text-notes';
import { compileValueConverter } from './value-converter';

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

/**
 * Compiles the per-stream RECORD serializer: JSON text written directly, no intermediate objects (pure); values the
 * record cannot carry go to the envelope's `x-sql-text`.
 */
export function compileRecordSerializer(options: RecordSerializerOptions): RecordSerializer {
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
