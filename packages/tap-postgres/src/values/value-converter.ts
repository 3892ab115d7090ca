import type { SqlType, ValueKind } from '../discovery/sql-type';
import { parseHstore } from './parse-hstore';
import { parsePgArray, type PgArray } from './parse-pg-array';
import { timestampToIso } from './temporal';

/** Turns one non-null value, as PostgreSQL printed it, into JSON text. */
export type ValueConverter = (text: string) => string;

const NON_FINITE = new Set(['NaN', 'Infinity', '-Infinity', 'infinity', '-infinity']);

const identity: ValueConverter = (text) => text;
const finiteNumber: ValueConverter = (text) => (NON_FINITE.has(text) ? 'null' : text);
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

/** Scalar converters by kind; each writes JSON text directly (numbers keep PostgreSQL's exact digits). */
const SCALAR: Readonly<Record<ValueKind, ValueConverter>> = {
  integer: identity,
  numeric: finiteNumber,
  float: finiteNumber,
  boolean: (text) => (text === 't' ? 'true' : 'false'),
  string: quote,
  timestamptz: (text) => JSON.stringify(timestampToIso(text)),
  timestamp: (text) => JSON.stringify(timestampToIso(text)),
  // ISO dates print as YYYY-MM-DD already; infinity, BC and years past 9999 stay PostgreSQL's text (lossless).
  date: quote,
  // json/jsonb text is JSON already; raw line breaks can only be whitespace between tokens (never inside strings).
  json: (text) => (text.includes('\n') || text.includes('\r') ? text.replace(LINE_BREAKS, ' ') : text),
  hstore: (text) => JSON.stringify(parseHstore(text)),
};

/** Compiles the converter of one column from its parsed `sql-datatype` (done once per stream, never per value). */
export function compileValueConverter(type: SqlType): ValueConverter {
  const scalar = SCALAR[type.kind];
  if (!type.isArray) return scalar;
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
  return (text) => writeArray(parsePgArray(text, delimiter));
}

/** The JSON value of one raw value, for bookmarks and tests (JSON.parse of the converter's output). */
export function convertValue(type: SqlType, text: string | null): unknown {
  return text === null ? null : (JSON.parse(compileValueConverter(type)(text)) as unknown);
}
