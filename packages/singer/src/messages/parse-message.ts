import { isRecord, MessageParseError } from '../errors';
import { MESSAGE_TYPES, type MessageType, type SingerMessage } from './singer-message';

/** Options of `parseMessage`. */
export interface ParseMessageOptions {
  /** Replaces `JSON.parse`, e.g. with a parser that keeps numbers exact. */
  readonly parseJson?: (text: string) => unknown;
}

const typeSet: ReadonlySet<string> = new Set(MESSAGE_TYPES);
const FIX_LINE =
  'every input line must be one Singer message as a JSON object: fix the tap (or the file), then rerun from the last state';
const FIX_FIELDS = "fix the tap: the message's fields must be as the Singer spec says, then rerun from the last state";

/** Parses one line of Singer input into a checked message; throws `MessageParseError` naming the line. */
export function parseMessage(line: string, lineNumber: number, options: ParseMessageOptions = {}): SingerMessage {
  let value: unknown;
  try {
    value = options.parseJson ? options.parseJson(line) : JSON.parse(line);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MessageParseError(
      `not valid JSON (${reason}): ${preview(line)}`,
      lineNumber,
      'MESSAGE_NOT_JSON',
      FIX_LINE,
    );
  }
  if (!isRecord(value)) {
    throw new MessageParseError(
      `a message must be a JSON object, got ${describe(value)}`,
      lineNumber,
      undefined,
      FIX_LINE,
    );
  }
  const type = value.type;
  if (type === undefined) throw new MessageParseError('message has no "type"', lineNumber, undefined, FIX_LINE);
  if (typeof type !== 'string' || !typeSet.has(type)) {
    throw new MessageParseError(
      `unknown message type ${JSON.stringify(type)} (expected one of ${MESSAGE_TYPES.join(', ')})`,
      lineNumber,
      'MESSAGE_UNKNOWN_TYPE',
      FIX_LINE,
    );
  }
  return checkFields(type as MessageType, value, lineNumber);
}

function checkFields(type: MessageType, parsed: Record<string, unknown>, lineNumber: number): SingerMessage {
  let value = parsed;
  const stream = typeof value.stream === 'string' && value.stream !== '' ? ` of stream ${value.stream}` : '';
  const fail = (what: string): never => {
    throw new MessageParseError(`${type} message${stream} ${what}`, lineNumber, undefined, FIX_FIELDS);
  };
  if (type === 'STATE') {
    if (!('value' in value)) fail('has no "value"');
    return value as unknown as SingerMessage;
  }
  if (typeof value.stream !== 'string' || value.stream === '') fail('has no "stream" name');
  switch (type) {
    case 'RECORD':
      if (!isRecord(value.record)) fail('has no "record" object');
      // singer-python reads `version: null` and an empty or null `time_extracted` as absent.
      if (value.version === null || value.time_extracted === null || value.time_extracted === '') {
        value = withoutAbsent(value, ['version', 'time_extracted']);
      }
      if (value.version !== undefined && typeof value.version !== 'number') fail('has a non-numeric "version"');
      if (value.time_extracted !== undefined && typeof value.time_extracted !== 'string') {
        fail('has a non-string "time_extracted"');
      }
      return value as unknown as SingerMessage;
    case 'SCHEMA':
      return checkSchema(value, fail);
    case 'ACTIVATE_VERSION':
      if (typeof value.version !== 'number') fail('has no numeric "version"');
      return value as unknown as SingerMessage;
    default:
      return value as unknown as SingerMessage;
  }
}

function checkSchema(value: Record<string, unknown>, fail: (what: string) => never): SingerMessage {
  if (!isRecord(value.schema)) fail('has a "schema" that is not an object');
  const keys = value.key_properties ?? undefined;
  if (keys !== undefined && !isStringArray(keys)) {
    fail('has "key_properties" that are not an array of strings');
  }
  const bookmarks = value.bookmark_properties;
  if (bookmarks !== undefined && bookmarks !== null && !isStringArray(bookmarks)) {
    fail('has "bookmark_properties" that are not an array of strings');
  }
  if (keys !== undefined) return value as unknown as SingerMessage;
  return { ...value, key_properties: [] } as unknown as SingerMessage;
}

/** A copy without the optional fields that are null (or an empty string): they mean "absent". */
function withoutAbsent(value: Record<string, unknown>, optional: readonly string[]): Record<string, unknown> {
  const copy = { ...value };
  for (const key of optional) if (copy[key] === null || copy[key] === '') delete copy[key];
  return copy;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function preview(line: string): string {
  return line.length > 80 ? `${line.slice(0, 80)}…` : line;
}
