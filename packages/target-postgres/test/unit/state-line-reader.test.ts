import fc from 'fast-check';
import { parseMessage } from '@pgsinger/singer';
import { JsonShape } from '../../src/input/json-shape';
import { stringifyExact } from '../../src/input/json-number';
import { parseJsonExact } from '../../src/input/parse-json-exact';
import { StateLineReader } from '../../src/input/state-line-reader';
import { RawStateValue, stateLine } from '../../src/state/state-value';

/** What the generic path prints for a line (read as UTF-8 bytes), or undefined when it refuses or ignores it. */
function generic(text: string): string | undefined {
  try {
    const message = parseMessage(Buffer.from(text).toString(), 1, { parseJson: parseJsonExact });
    return message.type === 'STATE' && message.value !== null ? stringifyExact(message.value) : undefined;
  } catch {
    return undefined;
  }
}

/** What the fast path prints for a line (read after the lines before it), or undefined when it leaves the line. */
function fast(reader: StateLineReader, text: string): string | undefined {
  const line = Buffer.from(`${text}\n`);
  const end = line.length - 1;
  return reader.read(line, 0, end) ? stateLine(new RawStateValue(line, reader.valueStart, reader.valueEnd)) : undefined;
}

const bookmark = (position: string, at: string) =>
  `{"type":"STATE","value":{"bookmarks":{"public-t":{"position":${position},"at":"2026-01-02T03:04:${at}+00:00"}}}}`;

describe('StateLineReader: the fast path of STATE lines', () => {
  it('takes plain STATE lines and leaves everything else, as the generic path reads them', () => {
    const reader = new StateLineReader();
    const cases = [
      '{"type":"STATE","value":{"a":1}}',
      '{ "value" : {"a": [1.50, -0, 1e400, "x\\u0041"]} , "type" : "STATE" }',
      '{"type":"STATE","value":"text"}',
      '{"type":"STATE","value":12}',
      '{"type":"STATE","value":{}}\r',
    ];
    for (const text of cases) expect(fast(reader, text)).toBe(generic(text.trimEnd()));
    for (const text of cases) expect(fast(reader, text)).toBeDefined();
    const left = [
      '{"type":"STATE","value":null}', // a warning, on the generic path
      '{"type":"STATE"}',
      '{"type":"STATE","value":{"a":1},"extra":1}',
      '{"type":"STATE","value":{"a":1},"value":{"a":2}}',
      '{"type":"STATE","value":{"a":01}}',
      '{"type":"STATE","value":{"a":1}} x',
      '{"type":"RECORD","stream":"s","record":{}}',
      '{"type":"ST\\u0041TE","value":{}}',
    ];
    for (const text of left) expect(fast(reader, text)).toBeUndefined();
  });

  it('takes lines that differ from the one before only in digits without a second scan, and refuses the rest', () => {
    const shape = new JsonShape();
    const first = Buffer.from(bookmark('1', '05.000001'));
    const valueStart = first.indexOf('{"bookmarks"');
    shape.keep(first, 0, first.length, valueStart, first.length - 1);
    const same = (text: string) => shape.matches(Buffer.from(text), 0, Buffer.byteLength(text));
    expect(same(bookmark('123456', '59.012345'))).toBe(true);
    expect(shape.foundStart).toBe(valueStart);
    expect(same(bookmark('0', '00.000000'))).toBe(true);
    expect(same(bookmark('012', '05.000001'))).toBe(false); // a leading zero outside a string
    expect(same(bookmark('1.5', '05.000001'))).toBe(false); // not digits for digits
    expect(same(bookmark('1', '05.000001x'))).toBe(false);
    const escaped = Buffer.from('{"type":"STATE","value":{"a":"\\u0031 2"}}');
    shape.keep(escaped, 0, escaped.length, 24, escaped.length - 1);
    expect(shape.matches(Buffer.from('{"type":"STATE","value":{"a":"\\u0032 2"}}'), 0, escaped.length)).toBe(false);
    expect(shape.matches(Buffer.from('{"type":"STATE","value":{"a":"\\u0031 345"}}'), 0, escaped.length + 2)).toBe(
      true,
    );
  });

  it('never takes a line the generic path refuses, and prints what it prints (lines that differ in digits)', () => {
    const value = fc.jsonValue({ maxDepth: 3 }).map((v) => ({ v, n: [1, 10.25, 'a1\u00012'] }));
    const digits = fc.stringMatching(/^[0-9]{0,3}$/);
    fc.assert(
      fc.property(value, fc.array(fc.tuple(fc.nat(), digits), { maxLength: 6 }), (v, edits) => {
        const reader = new StateLineReader();
        const base = JSON.stringify({ type: 'STATE', value: v });
        expect(fast(reader, base)).toBe(generic(base));
        // Each edit replaces one run of digits (or inserts digits at a place) of the line before.
        let text = base;
        for (const [at, replacement] of edits) {
          const runs = [...text.matchAll(/[0-9]+/g)];
          const run = runs.length > 0 ? runs[at % runs.length] : undefined;
          const start = run?.index ?? at % text.length;
          const end = run === undefined ? start : start + run[0].length;
          text = text.slice(0, start) + replacement + text.slice(end);
          const read = fast(reader, text);
          if (read !== undefined) expect(read).toBe(generic(text));
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
