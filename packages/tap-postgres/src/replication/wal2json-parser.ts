import { emptyColumnValues, type ColumnValues } from './decoded-change';
import { JsonTextScanner, QUOTE, type JsonTextValue } from './json-text-scanner';

/** The fields of a wal2json format-version 2 message that the decoder reads; row values already as text. */
export interface Wal2jsonMessage {
  readonly action: string;
  readonly timestamp?: string;
  readonly lsn?: string;
  readonly nextlsn?: string;
  readonly xid?: string;
  readonly schema?: string;
  readonly table?: string;
  readonly columns?: ColumnValues;
  readonly identity?: ColumnValues;
  readonly transactional?: boolean;
  readonly prefix?: string;
  readonly content?: string;
}

type MutableMessage = { -readonly [K in keyof Wal2jsonMessage]: Wal2jsonMessage[K] };

/** pg_type OID of bytea, the one type whose text wal2json v2 alters (it drops the `\x` of the hex output). */
const BYTEA_OID = '17';

/** Top-level keys the decoder reads, by index (any other key is skipped). */
const KEYS = ['action', 'timestamp', 'lsn', 'nextlsn', 'xid', 'schema', 'table', 'prefix', 'content'] as const;
const COLUMNS = KEYS.length;
const IDENTITY = KEYS.length + 1;
const TRANSACTIONAL = KEYS.length + 2;
const ALL_KEYS: readonly string[] = [...KEYS, 'columns', 'identity', 'transactional'];
const LSN = KEYS.indexOf('lsn');
const TIMESTAMP = KEYS.indexOf('timestamp');
const SCHEMA = KEYS.indexOf('schema');
const TABLE = KEYS.indexOf('table');

/**
 * Parses wal2json v2 messages in a single pass, reading only the fields the decoder needs. Numbers keep their exact
 * text, and `columns`/`identity` go straight into name → text maps (no arrays or column objects in between). Column
 * values are PostgreSQL's text output, as pgoutput and a SELECT give them: wal2json prints booleans as JSON
 * `true`/`false` (→ `t`/`f`), NaN/±Infinity as null, and bytea (exactly OID 17: not domains, not arrays) without its
 * `\x` prefix, which is put back. One parser per stream: keys, column names, the commit time, schema and table repeat
 * from message to message, and the strings last seen are reused when the text matches.
 */
export class Wal2jsonParser extends JsonTextScanner {
  /** Index in ALL_KEYS of the key last seen at each place (-1: another key). */
  private readonly keys: number[] = [];
  private readonly values: string[] = [];
  private readonly columnKeys: string[] = [];
  private readonly names = { columns: [] as string[], identity: [] as string[] };

  /** Parses one message. */
  parse(text: string): Wal2jsonMessage {
    this.reset(text);
    const message: MutableMessage = { action: '' };
    this.expect(0x7b /* { */);
    if (!this.closes(0x7d /* } */)) {
      let member = 0;
      do {
        const key = this.keyIndex(member);
        if (key === COLUMNS) message.columns = this.columns(this.names.columns);
        else if (key === IDENTITY) message.identity = this.columns(this.names.identity);
        else if (key === TRANSACTIONAL) message.transactional = this.value() === true;
        else if (key === LSN && message.action.length === 1 && 'IUD'.includes(message.action)) this.skipValue();
        else if (key >= 0) this.field(message, KEYS[key], key);
        else this.skipValue();
        member += 1;
      } while (!this.separator(0x7d /* } */));
    }
    this.end();
    return message;
  }

  /** The index in ALL_KEYS of the next key (and its colon), usually the one last seen at this place. */
  private keyIndex(member: number): number {
    this.skipSpace();
    const predicted = this.keys[member];
    let key: number;
    if (predicted !== undefined && predicted >= 0 && this.stringIs(ALL_KEYS[predicted])) {
      this.pos += ALL_KEYS[predicted].length + 2;
      key = predicted;
    } else {
      if (this.peek() !== QUOTE) throw this.error('expected a key');
      key = ALL_KEYS.indexOf(this.string());
      this.keys[member] = key;
    }
    this.expect(0x3a /* : */);
    return key;
  }

  /** A string field (a number's text for xid); the commit time, schema and table are usually the last ones. */
  private field(message: MutableMessage, name: (typeof KEYS)[number], key: number): void {
    this.skipSpace();
    const value =
      (key === TIMESTAMP || key === SCHEMA || key === TABLE) && this.peek() === QUOTE
        ? this.cachedString(this.values, key)
        : this.value();
    if (typeof value === 'string') message[name] = value;
    else if (value !== null) throw this.error(`"${name}" is not a string or number`);
  }

  /** `[{"name":…,"typeoid":…,"value":…},…]` → name → PostgreSQL text. */
  private columns(names: string[]): ColumnValues {
    const values = emptyColumnValues();
    this.expect(0x5b /* [ */);
    if (this.closes(0x5d /* ] */)) return values;
    let index = 0;
    do {
      let name: string | undefined;
      let value: JsonTextValue = null;
      let typeoid: JsonTextValue = null;
      this.expect(0x7b /* { */);
      let member = 0;
      do {
        const key = this.cachedString(this.columnKeys, member);
        this.expect(0x3a /* : */);
        if (key === 'name') name = this.cachedString(names, index);
        else if (key === 'value') value = this.value();
        else if (key === 'typeoid') typeoid = this.value();
        else this.skipValue();
        member += 1;
      } while (!this.separator(0x7d /* } */));
      if (name === undefined) throw this.error('a column without a name');
      values[name] = textValue(value, typeoid);
      index += 1;
    } while (!this.separator(0x5d /* ] */));
    return values;
  }

  /** Skips a value that is not needed (a string without making it). */
  private skipValue(): void {
    if (this.peek() === QUOTE) this.skipString();
    else this.value();
  }
}

/** A column's value in PostgreSQL's text output form (see Wal2jsonParser). */
function textValue(value: JsonTextValue, typeoid: JsonTextValue): string | null {
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'string') return typeoid === BYTEA_OID ? `\\x${value}` : value;
  if (value === null) return null;
  throw new Error(`wal2json column value is not a scalar: ${JSON.stringify(value)}`);
}
