import type { TemporalFormat } from '../config';
import type { SqlType, ValueKind } from '../discovery/sql-type';
import { parseHstore } from './parse-hstore';
import { parsePgArray, type PgArray } from './parse-pg-array';
import { CLAMPED_DATE, CLAMPED_TIMESTAMP, isIsoDate, isoTimestamp } from './temporal';

/** Turns one non-null value, as PostgreSQL printed it, into JSON text. */
export type ValueConverter = (text: string) => string;

/**
 * Takes PostgreSQL's text of a value whose JSON cannot carry it exactly (NaN, JSON null in json, a clamped date):
 * the record then holds what other targets can use and `x-sql-text` holds this text.
 */
export type SqlTextNote = (text: string) => void;

/** How a column's converter spells its values, and where it notes the ones JSON cannot carry. */
export interface ConverterOptions {
  readonly temporalFormat?: TemporalFormat;
  readonly note?: SqlTextNote;
}

const NON_FINITE = new Set(['NaN', 'Infinity', '-Infinity', 'infinity', '-infinity']);
const ignore: SqlTextNote = () => undefined;

const identity: ValueConverter = (text) => text;
// Most text needs no escaping: test for the characters JSON escapes and quote directly (JSON.stringify otherwise).
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON must escape
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
// bytea hex (`\x…`): only its first character needs escaping, so no JSON.stringify copy (200 MB for 100 MB of bytea).
const quote: ValueConverter = (text) => {
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`;
  if (text.startsWith('\\x') && !NEEDS_ESCAPE.test(text.slice(1))) return `"\\${text}"`;
  return JSON.stringify(text);
};
const LINE_BREAKS = /[\r\n]/g;

/** Converters that never need a note. */
const PLAIN: Partial<Readonly<Record<ValueKind, ValueConverter>>> = {
  integer: identity,
  boolean: (text) => (text === 't' ? 'true' : 'false'),
  string: quote,
  hstore: (text) => JSON.stringify(parseHstore(text)),
};

/** The converter of one scalar kind; `note` gets the values its JSON cannot carry. */
function scalarConverter(kind: ValueKind, format: TemporalFormat, note: SqlTextNote): ValueConverter {
  const plain = PLAIN[kind];
  if (plain !== undefined) return plain;
  switch (kind) {
    case 'numeric':
    case 'float':
      // JSON has no NaN or ±Infinity: null in the record, the text beside it.
      return (text) => (NON_FINITE.has(text) ? (note(text), 'null') : text);
    case 'timestamptz':
    case 'timestamp':
      return (text) => {
        const iso = isoTimestamp(text);
        if (iso !== undefined) return `"${iso}"`;
        if (format === 'postgres') return JSON.stringify(text);
        note(text);
        return `"${CLAMPED_TIMESTAMP}"`;
      };
    case 'date':
      if (format === 'postgres') return quote; // ISO dates print as YYYY-MM-DD; infinity, BC, years past 9999 as text
      return (text) => (isIsoDate(text) ? `"${text}T00:00:00+00:00"` : (note(text), `"${CLAMPED_DATE}"`));
    case 'time':
      // JSON Schema's time stops at 23:59:59: pipelinewise writes 24:00:00 as 00:00:00.
      if (format === 'postgres') return quote;
      return (text) => (text.startsWith('24:') ? (note(text), quote(`00${text.slice(2)}`)) : quote(text));
    default:
      return (text) => jsonText(text, note);
  }
}

/**
 * json/jsonb text is JSON already. Noted: JSON null (a null record value reads as SQL NULL), json with line breaks
 * (a line of Singer cannot hold them: in the record they become spaces) and json with whitespace around its value
 * (the record's JSON drops it).
 */
function jsonText(text: string, note: SqlTextNote): string {
  if (text.includes('\n') || text.includes('\r')) {
    note(text);
    return text.replace(LINE_BREAKS, ' ');
  }
  if (text === 'null' || isJsonSpace(text.charCodeAt(0)) || isJsonSpace(text.charCodeAt(text.length - 1))) note(text);
  return text;
}

/** Space or tab (line breaks are handled before). */
const isJsonSpace = (c: number): boolean => c === 32 || c === 9;

/** Compiles the converter of one column from its parsed `sql-datatype` (done once per stream, never per value). */
export function compileValueConverter(type: SqlType, options: ConverterOptions = {}): ValueConverter {
  const format = options.temporalFormat ?? 'pipelinewise';
  const note = options.note ?? ignore;
  if (!type.isArray) return scalarConverter(type.kind, format, note);
  // An element its JSON cannot carry, or explicit lower bounds (`[0:1]={…}`): the whole array's text is noted.
  let inexact = false;
  const scalar = scalarConverter(type.kind, format, () => {
    inexact = true;
  });
  const delimiter = type.delimiter;
  const writeArray = (items: PgArray): string => {
    let out = '[';
    for (let i = 0; i < items.length; i += 1) {
      if (i > 0) out += ',';
      const item = items[i];
      out += item === null ? 'null' : typeof item === 'string' ? scalar(item) : writeArray(item);
    }
    return `${out}]`;
  };
  return (text) => {
    inexact = text.charCodeAt(0) === 91; /* [ */
    const json = writeArray(parsePgArray(text, delimiter));
    if (inexact) note(text);
    return json;
  };
}

/** The JSON value of one raw value for bookmarks and tests: PostgreSQL's text when JSON cannot carry it exactly. */
export function convertValue(type: SqlType, text: string | null, temporalFormat?: TemporalFormat): unknown {
  if (text === null) return null;
  let exact = false;
  const options = { note: () => void (exact = true), ...(temporalFormat === undefined ? {} : { temporalFormat }) };
  const json = compileValueConverter(type, options)(text);
  return exact ? text : (JSON.parse(json) as unknown);
}
