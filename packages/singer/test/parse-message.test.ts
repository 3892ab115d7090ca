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
    ['{"type":"RECORD","stream":"s","record":{"id":1},"version":null,"time_extracted":null}'],
    ['{"type":"RECORD","stream":"s","record":{"id":1},"time_extracted":""}'],
    ['{"type":"RECORD","stream":"s","record":{"id":1},"version":null}'],
  ])('explicit nulls of optional RECORD fields mean absent, as singer-python reads them: %s', (line) => {
    expect(parseMessage(line, 1)).toEqual({ type: 'RECORD', stream: 's', record: { id: 1 } });
  });

  test('SCHEMA with key_properties or bookmark_properties null', () => {
    const line = '{"type":"SCHEMA","stream":"s","schema":{},"key_properties":null,"bookmark_properties":null}';
    expect(parseMessage(line, 1)).toMatchObject({ key_properties: [], bookmark_properties: null });
  });

  test.each([
    ['{"type": "RECORD"', /line 7: not valid JSON/],
    ['[1,2]', /line 7: a message must be a JSON object, got an array/],
    ['"text"', /got a string/],
    ['{"stream":"s"}', /line 7: message has no "type"/],
    ['{"type":"HELLO"}', /unknown message type "HELLO"/],
    ['{"type":"RECORD","record":{}}', /RECORD message has no "stream"/],
    ['{"type":"RECORD","stream":"s"}', /line 7: RECORD message of stream s has no "record" object/],
    ['{"type":"RECORD","stream":"s","record":[]}', /has no "record" object/],
    ['{"type":"SCHEMA","stream":"s","schema":true}', /SCHEMA message of stream s has a "schema" that is not an object/],
    [
      '{"type":"SCHEMA","stream":"s","schema":{},"key_properties":"id"}',
      /"key_properties" that are not an array of strings/,
    ],
    ['{"type":"STATE"}', /STATE message has no "value"/],
    ['{"type":"ACTIVATE_VERSION","stream":"s"}', /no numeric "version"/],
  ])('%s fails clearly', (line, pattern) => {
    const error = errorOf(line);
    expect(error.lineNumber).toBe(7);
    expect(error.known).toBe(true);
    expect(error.message).toMatch(pattern);
    expect(error.fix).toMatch(/^(every input line must be one Singer message|fix the tap)/);
  });

  test('uses the parseJson option', () => {
    const parseJson = jest.fn((text: string): unknown => JSON.parse(text.replace('42', '"42"')));
    const message = parseMessage('{"type":"RECORD","stream":"s","record":{"n":42}}', 1, { parseJson });
    expect(message).toEqual({ type: 'RECORD', stream: 's', record: { n: '42' } });
    expect(parseJson).toHaveBeenCalledTimes(1);
  });
});
