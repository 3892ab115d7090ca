import { failure } from '@pgsinger/testkit';
import { rec, schemaMsg, singer, state, states, targetHarness, type Line } from './harness';

const h = targetHarness('tgt_bad');

beforeEach(h.reset);

const s = schemaMsg('s', { id: { type: 'integer' }, v: { type: ['null', 'string'] } });
const good: Line[] = [s, rec('s', { id: 1, v: 'a' }), rec('s', { id: 2, v: 'b' }), state({ n: 2 })];
const rest: Line[] = [rec('s', { id: 3, v: 'c' }), rec('s', { id: 4, v: 'd' }), state({ n: 4 })];

const cases: [string, Line, RegExp][] = [
  ['malformed JSON line', '{"type": "RECORD", "stream": "s", "record": {"id": 5', /line 6: not valid JSON/],
  ['RECORD before SCHEMA', rec('later', { id: 1 }), /line 6: RECORD for unknown stream later \(no SCHEMA before it\)/],
  [
    'unknown stream',
    { type: 'ACTIVATE_VERSION', stream: 'nope', version: 1 },
    /line 6: ACTIVATE_VERSION for unknown stream nope/,
  ],
  [
    'missing key property',
    rec('s', { v: 'no id' }),
    /line 6: stream s: record has no value for key properties \["id"\]/,
  ],
  [
    'value the column cannot take',
    rec('s', { id: 'abc', v: 'x' }),
    /stream s at input line 6, column id: invalid input syntax for type bigint: "abc"/,
  ],
  [
    'non-object SCHEMA',
    { type: 'SCHEMA', stream: 'bad', schema: { type: 'string' }, key_properties: [] },
    /line 6: stream bad: SCHEMA is not an object schema/,
  ],
  [
    'BATCH message',
    { type: 'BATCH', stream: 's', encoding: { format: 'jsonl' }, manifest: [] },
    /line 6: stream s: BATCH messages are not supported/,
  ],
  ['non-JSON state', '{"type": "STATE", "value": {bookmarks}}', /line 6: not valid JSON/],
];

describe('bad input: exit 1, one clear line, earlier batches intact, a rerun from the last state completes', () => {
  it.each(cases)('%s', async (_name, bad, message) => {
    const input = singer([...good, rec('s', { id: 3, v: 'c' }), bad, ...rest.slice(1)]);
    const result = await h.run(input, { batch_size_rows: 2 });
    expect(result.code).toBe(1);
    expect(failure(result)).toMatch(message);
    expect(states(result)).toEqual([{ n: 2 }]);
    expect(await h.rows('s')).toEqual([
      { id: '1', v: 'a' },
      { id: '2', v: 'b' },
    ]);
    // The tap reruns from {n: 2}: it sends SCHEMA and everything after that state again.
    const rerun = await h.run([s, ...rest], { batch_size_rows: 2 });
    expect(rerun.code).toBe(0);
    expect(states(rerun).at(-1)).toEqual({ n: 4 });
    expect(await h.rows('s')).toEqual([
      { id: '1', v: 'a' },
      { id: '2', v: 'b' },
      { id: '3', v: 'c' },
      { id: '4', v: 'd' },
    ]);
  });

  it('validate_records names the stream, line and JSON path', async () => {
    const result = await h.run([s, rec('s', { id: 1, v: 5 })], { validate_records: true });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /CRITICAL line 2: stream s: record does not match its schema at \$\.v: must be null,string/,
    );
  });
});
