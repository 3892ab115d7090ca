import type { ChangeDecoder, DecodedChange } from './decoded-change';
import type { Lsn } from './lsn';
import { parseLsn } from './lsn';
import { timestamptzTextToIso } from './pg-time';
import { Wal2jsonParser, type Wal2jsonMessage } from './wal2json-parser';

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
  private readonly parser = new Wal2jsonParser();
  private lastTimestamp = '';
  private lastIso = '';

  /** Decodes one XLogData payload (the JSON text of one change). */
  decode(payload: Buffer, walStart: Lsn): DecodedChange | undefined {
    return this.decodeText(payload.toString('utf8'), walStart);
  }

  /** Decodes the JSON text of one message. */
  decodeText(text: string, walStart: Lsn): DecodedChange | undefined {
    const message = this.parser.parse(text);
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
    if (message.action === 'I') return { kind: 'insert', ...base, columns: message.columns ?? {} };
    if (message.action === 'D') return { kind: 'delete', ...base, key: message.identity ?? {} };
    const columns = message.columns ?? {};
    return message.identity === undefined
      ? { kind: 'update', ...base, columns }
      : { kind: 'update', ...base, columns, key: message.identity };
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
