import { formatMessage, MessageParseError, parseMessage, type SingerMessage } from '../src';
import { thrown } from './thrown';

const errorOf = (line: string, lineNumber = 7): MessageParseError =>
  thrown(() => parseMessage(line, lineNumber), MessageParseError);

describe('parseMessage', () => {
  test('parses every message type with wire names', () => {
    const messages: SingerMessage[] = [
      { type: 'SCHEMA', stream: 's', schema: { type: 'object' }, key_properties: ['id'], bookmark_properties: ['u'] },
      { type: 'RECORD', stream: 's', record: { id: 1 }, version: 3, time_extracted: '2024-01-01T00:00:00Z' },
      { type: 'STATE', value: { bookmarks: {} } },
      { type: 'ACTIVATE_VERSION', stream: 's', version: 3 },
      { type: 'BATCH', stream: 's', encoding: { format: 'jsonl' }, manifest: ['file:///a'] },
    ];
    for (const message of messages) expect(parseMessage(formatMessage(message), 1)).toEqual(message);
  });

  test('formatMessage writes one line', () => {
    const line = formatMessage({ type: 'RECORD', stream: 's', record: { text: 'a\nb' } });
    expect(line).not.toContain('\n');
  });

  test('SCHEMA without key_properties gets an empty list', () => {
    expect(parseMessage('{"type":"SCHEMA","stream":"s","schema":{}}', 1)).toEqual({
      type: 'SCHEMA',
      stream: 's',
      schema: {},
      key_properties: [],
    });
  });

  test.each([
    ['{"type": "RECORD"', /line 7: not valid JSON/],
    ['[1,2]', /line 7: a message must be a JSON object, got an array/],
    ['"text"', /got a string/],
    ['{"stream":"s"}', /line 7: message has no "type"/],
    ['{"type":"HELLO"}', /unknown message type "HELLO"/],
    ['{"type":"RECORD","record":{}}', /RECORD message has no "stream"/],
    ['{"type":"RECORD","stream":"s"}', /has no "record" object/],
    ['{"type":"RECORD","stream":"s","record":[]}', /has no "record" object/],
    ['{"type":"SCHEMA","stream":"s","schema":true}', /"schema" must be an object/],
    ['{"type":"SCHEMA","stream":"s","schema":{},"key_properties":"id"}', /"key_properties" must be an array/],
    ['{"type":"STATE"}', /STATE message has no "value"/],
    ['{"type":"ACTIVATE_VERSION","stream":"s"}', /no numeric "version"/],
  ])('%s fails clearly', (line, pattern) => {
    const error = errorOf(line);
    expect(error.lineNumber).toBe(7);
    expect(error.known).toBe(true);
    expect(error.message).toMatch(pattern);
  });

  test('uses the parseJson option', () => {
    const parseJson = jest.fn((text: string): unknown => JSON.parse(text.replace('42', '"42"')));
    const message = parseMessage('{"type":"RECORD","stream":"s","record":{"n":42}}', 1, { parseJson });
    expect(message).toEqual({ type: 'RECORD', stream: 's', record: { n: '42' } });
    expect(parseJson).toHaveBeenCalledTimes(1);
  });
});
