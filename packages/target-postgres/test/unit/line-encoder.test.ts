import fc from 'fast-check';
import { ManualClock, parseMessage, type RecordMessage } from '@pgsinger/singer';
import { slotKey } from '../../src/batch/slot-key';
import { BatchedAt } from '../../src/encode/batched-at';
import { escapeCopyText } from '../../src/encode/copy-text';
import { compileRowEncoder } from '../../src/encode/encode-row';
import type { EncodedRow, EncoderOptions } from '../../src/encode/encoded-row';
import { compileLineEncoder } from '../../src/encode/line-encoder';
import { stringifyExact } from '../../src/input/json-number';
import { parseJsonExact } from '../../src/input/parse-json-exact';
import { RecordLineReader } from '../../src/input/record-line-reader';

const options: EncoderOptions = {
  columns: [
    { name: 'id', path: ['id'], source: 'property', type: 'bigint' },
    { name: 't', path: ['t'], source: 'property', type: 'text' },
    { name: 'n', path: ['n'], source: 'property', type: 'numeric' },
    { name: 'b', path: ['b'], source: 'property', type: 'boolean' },
    { name: 'j', path: ['j'], source: 'property', type: 'json' },
    { name: 'jb', path: ['jb'], source: 'property', type: 'jsonb' },
    { name: 'arr', path: ['arr'], source: 'property', type: 'text[]' },
    { name: 'h', path: ['h'], source: 'property', type: 'hstore' },
    {
      name: '_sdc_extracted_at',
      path: ['_sdc_extracted_at'],
      source: 'extracted_at',
      type: 'timestamp with time zone',
    },
    { name: '_sdc_batched_at', path: ['_sdc_batched_at'], source: 'batched_at', type: 'timestamp with time zone' },
    { name: '_sdc_deleted_at', path: ['_sdc_deleted_at'], source: 'deleted_at', type: 'timestamp with time zone' },
    { name: '_sdc_table_version', path: ['_sdc_table_version'], source: 'table_version', type: 'bigint' },
  ],
  keyIndexes: [0, 1],
  deletedAtIndex: 10,
};
const clock = new ManualClock(1_700_000_000_500);
const BATCHED_AT = new Date(1_700_000_000_000).toISOString();
const generic = compileRowEncoder(options);
const lineEncoder = compileLineEncoder(options, new BatchedAt(clock))!;
const records = new RecordLineReader(new Map([['s', { stream: 's', fields: lineEncoder.fields }]]));

/** A RECORD line the fast path read: its stream and row. */
interface FastRecord {
  readonly stream: string;
  readonly row: EncodedRow;
}

/** The fast path over a line's bytes: the reader finds the stream and the spans, the line encoder writes the row. */
const byteReader = {
  read(line: Buffer, start?: number, end?: number): FastRecord | undefined {
    const sink = records.read(line, start, end);
    return sink === undefined ? undefined : { stream: sink.stream, row: lineEncoder.finish(line, records.envelope) };
  },
};
/** The fast path over the line's UTF-8 bytes, its row turned back into text for comparison. */
const reader = {
  read(line: string): FastRecord | undefined {
    const fast = byteReader.read(Buffer.from(line));
    if (fast === undefined) return undefined;
    const { bytes, byteLength, ...row } = fast.row;
    return { stream: fast.stream, row: { ...row, line: bytes?.toString('utf8', 0, byteLength) ?? row.line } };
  },
};

function viaGeneric(line: string): EncodedRow {
  const m = parseMessage(line, 1, { parseJson: parseJsonExact }) as RecordMessage;
  return generic(m.record, { timeExtracted: m.time_extracted, batchedAt: BATCHED_AT, version: m.version });
}

const unescapeCopy = (f: string): string =>
  f.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);

/** The fast row equals the generic one, except json and jsonb fields (kept as sent), which must be the same JSON. */
function expectSameRow(fast: EncodedRow, slow: EncodedRow): void {
  const f = fast.line.split('\t');
  const s = slow.line.split('\t');
  for (const name of ['j', 'jb']) {
    const i = options.columns.findIndex((c) => c.name === name);
    if (f[i] !== s[i] && f[i] !== '\\N') {
      expect(escapeCopyText(stringifyExact(parseJsonExact(unescapeCopy(f[i]))))).toBe(s[i]);
      f[i] = s[i];
    }
  }
  const key = (row: EncodedRow): string | number => (typeof row.key === 'number' ? row.key : slotKey(row.key));
  expect({ ...fast, line: f.join('\t'), key: key(fast) }).toEqual({ ...slow, key: key(slow) });
}

const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.constantFrom(
    '1.50',
    '-0',
    '0.0000001',
    '1e5',
    '1E-3',
    '12345678901234567890.5',
    '100000000000000000000000',
    '-0.0',
  ),
  fc.bigInt().map(String),
);
const scalar = fc.oneof(
  number,
  fc.string({ unit: 'grapheme' }).map((s) => JSON.stringify(s)),
  fc.constantFrom('null', 'true', 'false', '"nul\\u0000"', '"a\\/b\\u00e9"', '"tab\\t"'),
);
const value: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('v'), { maxLength: 3 }).map((a) => `[ ${a.join(' , ')} ]`),
    fc
      .array(fc.tuple(fc.constantFrom('a', 'b', 'a', '__proto__'), tie('v')), { maxLength: 3 })
      .map((e) => `{${e.map(([k, v]) => `"${k}": ${v}`).join(',')}}`),
  ),
})).v;
const record = fc
  .array(
    fc.tuple(fc.constantFrom('id', 't', 'n', 'b', 'j', 'jb', 'arr', 'h', '_sdc_deleted_at', 'x', 'toString'), value),
  )
  .map((entries) => `{${entries.map(([k, v]) => `"${k}":${v}`).join(', ')}}`);
const envelope = fc.tuple(
  record,
  fc.option(number, { nil: undefined }),
  fc.option(fc.constantFrom('"2024-01-01T00:00:00Z"', '"2024-01-01T00:00:00\\u002B00:00"'), { nil: undefined }),
);

describe('RecordLineReader + LineEncoder', () => {
  it('writes the same rows as parseMessage + compileRowEncoder', () => {
    fc.assert(
      fc.property(envelope, ([rec, version, te]) => {
        const parts = ['"type":"RECORD"', '"stream":"s"', `"record":${rec}`];
        if (version !== undefined) parts.push(`"version":${version}`);
        if (te !== undefined) parts.push(`"time_extracted": ${te}`);
        const line = `{${parts.join(', ')}}`;
        const fast = reader.read(line);
        // Left to the generic path only when it refuses the line (a version past 15 digits).
        if (fast === undefined) return void expect(() => viaGeneric(line)).toThrow();
        expect(fast.stream).toBe('s');
        expectSameRow(fast.row, viaGeneric(line));
      }),
      { numRuns: 2000 },
    );
  });

  it('never accepts a line the generic path refuses, and agrees on those it accepts', () => {
    const base = '{"type":"RECORD","stream":"s","record":{"id":1,"t":"a\\"b","jb":{"k":[1,2]}},"version":3}';
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(base.length), fc.string({ maxLength: 2 }), (at, cut, insert) => {
        const line = base.slice(0, at) + insert + base.slice(Math.min(base.length, at + (cut % 3)));
        const fast = reader.read(line);
        if (fast === undefined) return;
        expectSameRow(fast.row, viaGeneric(line));
      }),
      { numRuns: 5000 },
    );
  });

  it('scans a line in place inside a larger buffer without reading past its end', () => {
    // A truncated record followed by the line that would complete it: never one record.
    const bytes = Buffer.from('{"type":"RECORD","stream":"s","record":{"id":\n1}}\n');
    expect(byteReader.read(bytes, 0, bytes.indexOf(10))).toBeUndefined();
    const crlf = Buffer.from('x\n{"type":"RECORD","stream":"s","record":{"id":7}}\r\n{"type":"STATE"}');
    const start = 2;
    const end = crlf.indexOf(13);
    expect(byteReader.read(crlf, start, end)?.row.key).toBe('7\t\\N');
    expect(byteReader.read(crlf, start, end - 1)).toBeUndefined(); // a line ending before the closing brace
  });

  it('leaves other messages, unknown streams and unusual envelopes to the generic path', () => {
    for (const line of [
      '{"type":"STATE","value":{}}',
      '{"type":"RECORD","stream":"other","record":{}}',
      '{"stream":"s","type":"RECORD","record":{},"version":null}',
      '{"record":{},"type":"RECORD","stream":"s"}',
      '{"type":"RECORD","type":"RECORD","stream":"s","record":{}}',
      '{"type":"RECORD","stream":"s","record":{"id":1}} x',
      '{"type":"RECORD","stream":"s","record":{"id":01}}',
      '{"type":"RECORD","stream":"s","record":{"t":"a\tb"}}',
    ]) {
      expect(reader.read(line)).toBeUndefined();
    }
    expect(reader.read(' {"type" : "RECORD" ,"stream":"s","record":{"id":1,"t":"x"}} ')?.row.key).toBe('1\tx');
  });
});
