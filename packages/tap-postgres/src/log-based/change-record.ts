import type { ColumnValues } from '../replication';
import type { ResolvedStream } from '../stream/resolved-stream';
import { SqlTextNotes } from '../values/sql-text-notes';
import { compileValueConverter, type ValueConverter } from '../values/value-converter';
import { DELETED_AT, LSN_PROPERTY } from './log-based-schema';

/** What a RECORD of a change carries besides the row. */
export interface ChangeRecordExtras {
  /** `_sdc_deleted_at`: the commit time for deletes, null otherwise. */
  readonly deletedAt: string | null;
  /** `_sdc_lsn` with debug_lsn. */
  readonly lsn?: bigint;
}

/** Turns a decoded row into a RECORD line; `unknown` gets each column the stream does not have (pure). */
export interface ChangeSerializer {
  serialize(values: ColumnValues, extras: ChangeRecordExtras): string;
  /** Columns of `values` the stream has no converter for (new columns), or undefined when there is none. */
  unknownColumns(values: ColumnValues): string[] | undefined;
}

/** Compiles the serializer of one stream and version; columns in `ignored` are left out silently. */
export function compileChangeSerializer(
  stream: ResolvedStream,
  version: number,
  timeExtracted: string,
  ignored: ReadonlySet<string> = new Set(),
): ChangeSerializer {
  const notes = new SqlTextNotes();
  const converters = new Map<string, { key: string; convert: ValueConverter }>();
  for (const column of stream.columns) {
    const key = JSON.stringify(column.name);
    const options = { temporalFormat: stream.temporalFormat, note: notes.noteFor(key) };
    converters.set(column.name, { key, convert: compileValueConverter(column.type, options) });
  }
  const head = `{"type":"RECORD","stream":${JSON.stringify(stream.outputStream)},"record":{`;
  const tail = `,"version":${version},"time_extracted":${JSON.stringify(timeExtracted)}}`;
  return {
    serialize(values, extras) {
      let out = head;
      for (const name in values) {
        const column = converters.get(name);
        if (column === undefined) continue;
        const value = values[name];
        out += `${column.key}:${value === null ? 'null' : column.convert(value)},`;
      }
      out += `"${DELETED_AT}":${extras.deletedAt === null ? 'null' : JSON.stringify(extras.deletedAt)}`;
      if (extras.lsn !== undefined) out += `,"${LSN_PROPERTY}":${extras.lsn.toString()}`;
      return `${out}}${notes.take()}${tail}`;
    },
    unknownColumns(values) {
      let unknown: string[] | undefined;
      for (const name in values) {
        if (!converters.has(name) && !ignored.has(name)) (unknown ??= []).push(name);
      }
      return unknown;
    },
  };
}
