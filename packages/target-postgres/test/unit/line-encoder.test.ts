import fc from 'fast-check';
import { ManualClock, parseMessage, type RecordMessage } from '@pgsinger/singer';
import { slotKey } from '../../src/batch/slot-key';
import { BatchedAt } from '../../src/encode/batched-at';
import { escapeCopyText } from '../../src/encode/copy-text';
import { compileRowEncoder } from '../../src/encode/encode-row';
import type { EncodedRow, EncoderOptions } from '../../src/encode/encoded-row';
import { compileLineEncoder } from '../../src/encode/line-encoder';
import { SqlTextReader } from '../../src/encode/sql-text';
import { stringifyExact } from '../../src/input/json-number';
import { parseJsonExact } from '../../src/input/parse-json-exact';
import { RecordLineReader } from '../../src/input/record-line-reader';

const options: EncoderOptions = {
  columns: [
    { name: 'id', path: ['id'], source: 'property', type: 'bigint' },
    { name: 't', path: ['t'], source: 'property', type: 'text' },
    { name: 'n', path: ['n'], source: 'property', type: 'numeric', sqlText: true },
    { name: 'b', path: ['b'], source: 'property', type: 'boolean' },
    { name: 'j', path: ['j'], source: 'property', type: 'json' },
    { name: 'jb', path: ['jb'], source: 'property', type: 'jsonb', sqlText: true },
    { name: 'arr', path: ['arr'], source: 'property', type: 'text[]' },
    { name: 'h', path: ['h'], source: 'property', type: 'hstore' },
    { name: 'i', path: ['i'], source: 'property', type: 'integer' },
    { name: 'f', path: ['f'], source: 'property', type: 'double precision', sqlText: true },
    { name: 'ia', path: ['ia'], source: 'property', type: 'integer[]' },
    { name: 'na', path: ['na'], source: 'property', type: 'numeric[]', sqlText: true },
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
  deletedAtIndex: 14,
};
const clock = new ManualClock(1_700_000_000_500);
const BATCHED_AT = new Date(1_700_000_000_000).toISOString();
const sqlText = new SqlTextReader('s', options.columns, () => undefined);
const generic = compileRowEncoder(options);
const lineEncoder = compileLineEncoder(options, new BatchedAt(clock), sqlText)!;
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
  return generic(m.record, {
    timeExtracted: m.time_extracted,
    batchedAt: BATCHED_AT,
    version: m.version,
    sqlText: sqlText.fields(m['x-sql-text']),
  });
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
    fc.tuple(
      fc.constantFrom(
        'id',
        't',
        'n',
        'b',
        'j',
        'jb',
        'arr',
        'h',
        'i',
        'f',
        'ia',
        'na',
        '_sdc_deleted_at',
        'x',
        'toString',
      ),
      value,
    ),
  )
  .map((entries) => `{${entries.map(([k, v]) => `"${k}":${v}`).join(', ')}}`);
const sqlTextMember = fc
  .array(
    fc.tuple(
      fc.constantFrom('n', 'f', 'jb', 'na', 't', 'x', 'id'),
      fc.constantFrom('"NaN"', '"null"', '"{1,NaN}"', '7'),
    ),
  )
  .map((entries) => `{${entries.map(([k, v]) => `"${k}":${v}`).join(',')}}`);
const envelope = fc.tuple(
  record,
  fc.option(number, { nil: undefined }),
  fc.option(fc.constantFrom('"2024-01-01T00:00:00Z"', '"2024-01-01T00:00:00\\u002B00:00"'), { nil: undefined }),
  fc.option(sqlTextMember, { nil: undefined }),
);

describe('RecordLineReader + LineEncoder', () => {
  it('writes the same rows as parseMessage + compileRowEncoder', () => {
    fc.assert(
      fc.property(envelope, ([rec, version, te, exact]) => {
        const parts = ['"type":"RECORD"', '"stream":"s"', `"record":${rec}`];
        if (version !== undefined) parts.push(`"version":${version}`);
        if (te !== undefined) parts.push(`"time_extracted": ${te}`);
        if (exact !== undefined) parts.splice(exact.length % 4, 0, `"x-sql-text":${exact}`);
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
      '{"stream":"s","type":"RECORD","record":{},"time_extracted":""}',
      '{"record":{},"type":"RECORD","stream":"s"}',
      '{"type":"RECORD","type":"RECORD","stream":"s","record":{}}',
      '{"type":"RECORD","stream":"s","record":{"id":1}} x',
      '{"type":"RECORD","stream":"s","record":{"id":01}}',
      '{"type":"RECORD","stream":"s","record":{"t":"a\tb"}}',
    ]) {
      expect(reader.read(line)).toBeUndefined();
    }
    expect(reader.read(' {"type" : "RECORD" ,"stream":"s","record":{"id":1,"t":"x"}} ')?.row.key).toBe('1\tx');
    // Explicit nulls of the optional envelope fields mean absent, on the fast path too.
    const nulls = '{"type":"RECORD","stream":"s","record":{"id":2,"t":"y"},"version":null,"time_extracted":null}';
    expect(reader.read(nulls)?.row.key).toBe('2\ty');
  });
});

/** The COPY field of one column, from both paths (which must agree). */
function field(record: string, column: string, extra = ''): string {
  const line = `{"type":"RECORD","stream":"s","record":${record}${extra}}`;
  const fast = reader.read(line);
  const slow = viaGeneric(line);
  expect(fast).toBeDefined();
  expectSameRow(fast!.row, slow);
  return slow.line.split('\t')[options.columns.findIndex((c) => c.name === column)];
}

describe('numbers as sent', () => {
  it.each(['1.50', '0.000', '-0', '10289.60', '1e400', '-1E+400', '1e-400', '1.5e-330', '15.0000000000000000'])(
    '%s reaches numeric, float, text and array columns with its own digits',
    (n) => {
      expect(field(`{"n":${n}}`, 'n')).toBe(n);
      expect(field(`{"f":${n}}`, 'f')).toBe(n);
      expect(field(`{"t":${n}}`, 't')).toBe(n);
      expect(field(`{"na":[${n},1.10,null]}`, 'na')).toBe(`{"${n}","1.10",NULL}`);
    },
  );

  it('spells integral numbers as integers for integer columns, computed on the digits', () => {
    expect(field('{"i":1.0}', 'i')).toBe('1');
    expect(field('{"i":1.5e1}', 'i')).toBe('15');
    expect(field('{"id":9.223372036854775807E18}', 'id')).toBe('9223372036854775807');
    expect(field('{"ia":[1e2,-3.00]}', 'ia')).toBe('{"100","-3"}');
  });
});

describe('x-sql-text', () => {
  it('loads the text instead of the record value, for properties with x-sql-datatype', () => {
    const extra = ',"x-sql-text":{"n":"NaN","jb":"null","na":"{1.5,NaN}","f":"-Infinity"}';
    expect(field('{"n":null,"jb":null,"na":[1.5,null],"f":null}', 'n', extra)).toBe('NaN');
    expect(field('{"n":null,"jb":null,"na":[1.5,null],"f":null}', 'jb', extra)).toBe('null');
    expect(field('{"n":null,"jb":null,"na":[1.5,null],"f":null}', 'na', extra)).toBe('{1.5,NaN}');
    expect(field('{"n":null,"jb":null,"na":[1.5,null],"f":null}', 'f', extra)).toBe('-Infinity');
    expect(field('{"jb":null}', 'jb')).toBe('\\N');
  });

  it('escapes the text for COPY and counts a property it gives as present', () => {
    const line = '{"type":"RECORD","stream":"s","x-sql-text":{"n":"a\\tb\\\\"},"record":{"id":1}}';
    const fast = reader.read(line)!.row;
    expect(fast.line.split('\t').slice(2, 4)).toEqual(['a\\tb\\\\', '\\N']);
    expect(fast.absent).not.toContain('2');
  });

  it('ignores properties without x-sql-datatype, unknown ones and non-strings, with one warning each', () => {
    const extra = ',"x-sql-text":{"t":"x","nope":"y","n":7}';
    expect(field('{"t":"kept","n":1}', 't', extra)).toBe('kept');
    expect(field('{"t":"kept","n":1}', 'n', extra)).toBe('1');
    const seen: string[] = [];
    const fresh = new SqlTextReader('s', options.columns, (message) => seen.push(message));
    expect(fresh.fields({ t: 'x', nope: 'y', n: 7 })).toBeUndefined();
    expect(fresh.fields({ t: 'x', nope: 'y', n: 7, f: 'NaN' })).toEqual(new Map([[9, 'NaN']]));
    expect(seen.sort()).toEqual([
      's: x-sql-text of property "n" ignored (its value is not a string); the record\'s value is loaded',
      's: x-sql-text of property "nope" ignored (it is not a top-level property of the schema); the record\'s value is loaded',
      's: x-sql-text of property "t" ignored (its schema has no x-sql-datatype); the record\'s value is loaded',
    ]);
  });
});
