import { failure, runBin } from '@pgsinger/testkit';
import { rec, schemaMsg, singer, state, states, targetHarness, type Line } from './harness';

// Every class of bad input: exit 1 with one CRITICAL line naming the input line, the stream (when the line has one)
// and the fix — never a stack trace; loads before it are kept and a rerun from the last printed state completes.
const h = targetHarness('tgt_bad');

beforeEach(h.reset);

const s = schemaMsg('s', { id: { type: 'integer' }, v: { type: ['null', 'string'] } });
const good: Line[] = [s, rec('s', { id: 1, v: 'a' }), rec('s', { id: 2, v: 'b' }), state({ n: 2 })];
const rest: Line[] = [rec('s', { id: 3, v: 'c' }), rec('s', { id: 4, v: 'd' }), state({ n: 4 })];
const deep = `${'['.repeat(1001)}${']'.repeat(1001)}`;

// name, the bad line (line 6), what the CRITICAL line says (before " — "), config for both runs.
const cases: [string, Line, RegExp, Record<string, unknown>?][] = [
  ['malformed JSON line', '{"type": "RECORD", "stream": "s", "record": {"id": 5', /^line 6: not valid JSON/],
  ['not an object', '[1, 2]', /^line 6: a message must be a JSON object, got an array$/],
  ['no type', '{"stream": "s", "record": {}}', /^line 6: message has no "type"$/],
  ['unknown type', '{"type": "HELLO", "stream": "s"}', /^line 6: unknown message type "HELLO"/],
  ['RECORD without stream', '{"type": "RECORD", "record": {"id": 5}}', /^line 6: RECORD message has no "stream" name$/],
  [
    'RECORD without record',
    '{"type": "RECORD", "stream": "s"}',
    /^line 6: RECORD message of stream s has no "record" object$/,
  ],
  [
    'RECORD with a text version',
    '{"type": "RECORD", "stream": "s", "record": {"id": 5}, "version": "1"}',
    /^line 6: RECORD message of stream s has a non-numeric "version"$/,
  ],
  [
    'RECORD before SCHEMA',
    rec('later', { id: 1 }),
    /^line 6: RECORD for unknown stream later \(no SCHEMA before it\)$/,
  ],
  [
    'missing key property',
    rec('s', { v: 'no id' }),
    /^line 6: stream s: record has no value for key properties \["id"\]$/,
  ],
  ['null key property', rec('s', { id: null, v: 'x' }), /^line 6: stream s: record has no value for key properties/],
  [
    'value the column cannot take',
    rec('s', { id: 'abc', v: 'x' }),
    /^stream s at input line 6, column id: invalid input syntax for type bigint: "abc" \(SQLSTATE 22P02\)$/,
  ],
  [
    'nesting deeper than 1,000 levels',
    `{"type":"RECORD","stream":"s","record":{"id":5,"v":${deep}}}`,
    /^line 6: stream s: .*deeper than 1000 levels/,
  ],
  [
    'record failing validate_records',
    rec('s', { id: 5, v: 7 }),
    /^line 6: stream s: record does not match its schema at \$\.v: must be null,string$/,
    { validate_records: true },
  ],
  [
    'non-object SCHEMA',
    { type: 'SCHEMA', stream: 'bad', schema: { type: 'string' }, key_properties: [] },
    /^line 6: stream bad: SCHEMA is not an object schema/,
  ],
  [
    'SCHEMA whose schema is no object',
    '{"type": "SCHEMA", "stream": "bad", "schema": "x", "key_properties": []}',
    /^line 6: SCHEMA message of stream bad has a "schema" that is not an object$/,
  ],
  [
    'key property not in the schema',
    schemaMsg('bad', { id: { type: 'integer' } }, ['nope']),
    /^line 6: stream bad: key property "nope" is not in the schema$/,
  ],
  [
    'no key_properties',
    schemaMsg('bad', { id: { type: 'integer' } }, []),
    /^line 6: stream bad: no key_properties and primary_key_required is true$/,
  ],
  [
    'properties that collide once lower-cased',
    schemaMsg('bad', { id: { type: 'integer' }, Name: { type: 'string' }, name: { type: 'string' } }),
    /^line 6: stream bad: properties "Name" and "name" both map to column "name"$/,
  ],
  [
    'two streams for one table',
    schemaMsg('S', { id: { type: 'integer' } }),
    /^line 6: streams s and S both map to table tgt\.s/,
  ],
  [
    'a key column changing type',
    schemaMsg('s', { id: { type: 'string', 'x-sql-datatype': 'uuid' }, v: { type: ['null', 'string'] } }),
    /^line 6: stream s: key column "id" is bigint in the table but the schema wants uuid$/,
  ],
  [
    'key_properties the rows do not allow',
    schemaMsg('s', { id: { type: 'integer' }, v: { type: ['null', 'string'] }, w: { type: ['null', 'string'] } }, [
      'id',
      'w',
    ]),
    /^line 6: key_properties of stream s changed from \["id"\] to \["id","w"\], but tgt\.s has rows with NULL values/,
  ],
  [
    'BATCH message',
    { type: 'BATCH', stream: 's', encoding: { format: 'jsonl' }, manifest: [] },
    /^line 6: stream s: BATCH messages are not supported$/,
  ],
  ['non-JSON state', '{"type": "STATE", "value": {bookmarks}}', /^line 6: not valid JSON/],
];

describe('bad input: exit 1, one clear line, earlier batches intact, a rerun from the last state completes', () => {
  it.each(cases)('%s', async (_name, bad, message, config = {}) => {
    const input = singer([...good, rec('s', { id: 3, v: 'c' }), bad, ...rest.slice(1)]);
    const result = await h.run(input, { batch_size_rows: 2, ...config });
    expect(result.code).toBe(1);
    const critical = failure(result); // exactly one CRITICAL line, no stack frame
    const [what, fix] = critical.replace(/^CRITICAL /, '').split(' — ');
    expect(what).toMatch(message);
    expect(fix).toMatch(/\w{3}/);
    expect(states(result)).toEqual([{ n: 2 }]);
    // What the printed state covers is there (a SCHEMA of stream s loads the rows before it first).
    const loaded = (await h.rows('s')).map((r) => r.id);
    expect(loaded.slice(0, 2)).toEqual(['1', '2']);
    // The tap reruns from {n: 2}: it sends SCHEMA and everything after that state again.
    const rerun = await h.run([s, ...rest], { batch_size_rows: 2, ...config });
    expect(rerun.code).toBe(0);
    expect(states(rerun).at(-1)).toEqual({ n: 4 });
    expect(await h.rows('s')).toEqual([
      { id: '1', v: 'a' },
      { id: '2', v: 'b' },
      { id: '3', v: 'c' },
      { id: '4', v: 'd' },
    ]);
  });

  it.each([
    ['no arguments', [], /^CRITICAL no --config given — run target-postgres --config config.json$/],
    ['an unknown flag', ['--nope'], /^CRITICAL target-postgres: Unknown argument: nope — see target-postgres --help$/],
  ])('a usage error (%s) exits 2, as argparse does', async (_name, args, message) => {
    const result = await runBin('target-postgres', args, { input: '' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(failure(result)).toMatch(message);
  });
});
