import type { ChangeDecoder, ColumnValues, DecodedChange } from './decoded-change';
import type { Lsn } from './lsn';
import { parseLsn } from './lsn';
import { timestamptzTextToIso } from './pg-time';

/** One column of a wal2json v2 message after number quoting (`typeoid` with include-type-oids). */
interface Wal2jsonColumn {
  readonly name: string;
  readonly typeoid?: number;
  readonly value: string | boolean | null;
}

/** pg_type OID of bytea, the one type whose text wal2json v2 alters (it drops the `\x` of the hex output). */
const BYTEA_OID = 17;

/** The fields of a wal2json format-version 2 message that we read. */
interface Wal2jsonMessage {
  readonly action: string;
  readonly timestamp?: string;
  readonly lsn?: string;
  readonly nextlsn?: string;
  readonly xid?: string;
  readonly schema?: string;
  readonly table?: string;
  readonly columns?: readonly Wal2jsonColumn[];
  readonly identity?: readonly Wal2jsonColumn[];
  readonly transactional?: boolean;
  readonly prefix?: string;
  readonly content?: string;
}

// wal2json writes numeric types as bare JSON numbers, which JSON.parse would round (beyond 2^53, >17 digits, 1.50).
// Quoting them first keeps PostgreSQL's exact text. Safe because `"value":` can only be one of wal2json's own keys:
// inside a JSON string every `"` is escaped, so `value":` (an unescaped quote then a colon) never matches user data.
const BARE_NUMBER_VALUE = /"value":(-?[0-9][^,}\]]*)/g;

/** Parses one wal2json v2 message keeping numbers as their exact text (pure). */
export function parseWal2jsonMessage(text: string): Wal2jsonMessage {
  return JSON.parse(text.replace(BARE_NUMBER_VALUE, '"value":"$1"')) as Wal2jsonMessage;
}

/**
 * A column's value in PostgreSQL's text output form, as pgoutput and a SELECT give it. wal2json v2 prints every value
 * with the type's output function (in the walsender, with our session settings) except: booleans as JSON `true`/`false`,
 * numbers bare (quoted back by parseWal2jsonMessage), NaN/±Infinity as null (as the JSON a SELECT yields), and bytea
 * (exactly OID 17: not domains, not arrays) without its `\x` prefix.
 */
function textValue(column: Wal2jsonColumn): string | null {
  const value = column.value;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value !== null && column.typeoid === BYTEA_OID) return `\\x${value}`;
  return value;
}

function columnValues(columns: readonly Wal2jsonColumn[] | undefined): ColumnValues {
  const values: ColumnValues = {};
  if (columns === undefined) return values;
  for (const column of columns) values[column.name] = textValue(column);
  return values;
}

function required<T>(value: T | undefined, field: string, action: string): T {
  if (value === undefined)
    throw new Error(`wal2json message '${action}' without "${field}" (check the plugin options)`);
  return value;
}

/**
 * Decodes wal2json `format-version` 2 messages (options from wal2jsonOptions) into DecodedChange; values stay text
 * (booleans as `t`/`f`), and unchanged TOAST columns, which wal2json leaves out, stay absent.
 */
export class Wal2jsonDecoder implements ChangeDecoder {
  private lastTimestamp = '';
  private lastIso = '';

  /** Decodes one XLogData payload (the JSON text of one change). */
  decode(payload: Buffer, walStart: Lsn): DecodedChange | undefined {
    return this.decodeText(payload.toString('utf8'), walStart);
  }

  /** Decodes the JSON text of one message. */
  decodeText(text: string, walStart: Lsn): DecodedChange | undefined {
    const message = parseWal2jsonMessage(text);
    const action = message.action;
    switch (action) {
      case 'B':
        return {
          kind: 'begin',
          lsn: walStart,
          commitLsn: parseLsn(required(message.lsn, 'lsn', action)),
          ...(message.nextlsn !== undefined ? { endLsn: parseLsn(message.nextlsn) } : {}),
          commitTime: this.commitTime(message),
          ...(message.xid !== undefined ? { xid: Number(message.xid) } : {}),
        };
      case 'C':
        return {
          kind: 'commit',
          lsn: walStart,
          commitLsn: parseLsn(required(message.lsn, 'lsn', action)),
          endLsn: parseLsn(required(message.nextlsn, 'nextlsn', action)),
          commitTime: this.commitTime(message),
        };
      case 'I':
      case 'U':
      case 'D':
        return this.rowChange(message, walStart);
      case 'T':
        return {
          kind: 'truncate',
          lsn: walStart,
          commitTime: this.commitTime(message),
          tables: [
            { schema: required(message.schema, 'schema', action), table: required(message.table, 'table', action) },
          ],
          cascade: false,
          restartIdentity: false,
        };
      case 'M':
        return {
          kind: 'message',
          lsn: walStart,
          transactional: message.transactional === true,
          prefix: message.prefix ?? '',
          content: message.content ?? '',
        };
      default:
        throw new Error(`Unknown wal2json action ${JSON.stringify(action)}`);
    }
  }

  private rowChange(message: Wal2jsonMessage, walStart: Lsn): DecodedChange {
    const base = {
      lsn: walStart,
      schema: required(message.schema, 'schema', message.action),
      table: required(message.table, 'table', message.action),
      commitTime: this.commitTime(message),
    };
    if (message.action === 'I') return { kind: 'insert', ...base, columns: columnValues(message.columns) };
    if (message.action === 'D') return { kind: 'delete', ...base, key: columnValues(message.identity) };
    const columns = columnValues(message.columns);
    return message.identity === undefined
      ? { kind: 'update', ...base, columns }
      : { kind: 'update', ...base, columns, key: columnValues(message.identity) };
  }

  private commitTime(message: Wal2jsonMessage): string {
    const text = required(message.timestamp, 'timestamp', message.action);
    if (text !== this.lastTimestamp) {
      this.lastIso = timestamptzTextToIso(text);
      this.lastTimestamp = text;
    }
    return this.lastIso;
  }
}
