import { isConnectionLoss } from '../../src/load/connection-lost';
import fc from 'fast-check';
import { Batch } from '../../src/batch/batch';
import { escapeCopyText } from '../../src/encode/copy-text';
import { compileRowEncoder } from '../../src/encode/encode-row';
import { JsonNumber, stringifyExact } from '../../src/input/json-number';
import { arrayLiteral, hstoreLiteral, toPgText } from '../../src/encode/literals';
import { hasLongDigitRun, parseJsonExact } from '../../src/input/parse-json-exact';

describe('parseJsonExact', () => {
  it('keeps digits beyond 2^53 and 17 significant digits', () => {
    const v = parseJsonExact(
      '{"a":9223372036854775807,"b":12345678901234567890.123456789,"c":1.5,"d":[-0.000012345678901234567]}',
    ) as Record<string, unknown>;
    expect(v.a).toEqual(new JsonNumber('9223372036854775807'));
    expect(String(v.b)).toBe('12345678901234567890.123456789');
    expect(v.c).toBe(1.5);
    expect(String((v.d as unknown[])[0])).toBe('-0.000012345678901234567');
  });
  it('agrees with JSON.parse on any JSON (numbers compared by value)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(stringifyExact(parseJsonExact(text))).toBe(text);
      }),
    );
  });
  it('finds a run of 16 digits or dots at any offset, and only then', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 1, max: 30 }), (before, after, len) => {
        const clean = (s: string) => s.replace(/[0-9.]/g, 'x');
        const text = `${clean(before)}${'7'.repeat(len)}${clean(after)}`;
        expect(hasLongDigitRun(text)).toBe(len >= 16);
      }),
    );
  });

  it('rejects malformed JSON', () => {
    expect(() => parseJsonExact('{"a":12345678901234567890')).toThrow();
    expect(() => parseJsonExact('{"a":12345678901234567890} x')).toThrow();
  });
});

describe('COPY text', () => {
  it('escapes backslash, newline, CR, tab and removes NUL', () => {
    expect(escapeCopyText('a\\b\nc\rd\te\0f')).toBe('a\\\\b\\nc\\rd\\tef');
    expect(escapeCopyText('plain "quotes" 😀')).toBe('plain "quotes" 😀');
  });
  it('builds array and hstore literals', () => {
    expect(arrayLiteral(['a', null, 'b"c', 'd\\e', 'f,g'], 'text')).toBe('{"a",NULL,"b\\"c","d\\\\e","f,g"}');
    expect(
      arrayLiteral(
        [
          [1, 2],
          [3, 4],
        ],
        'number',
      ),
    ).toBe('{{"1","2"},{"3","4"}}');
    expect(arrayLiteral([{ a: 1 }], 'jsonb')).toBe('{"{\\"a\\":1}"}');
    expect(hstoreLiteral({ a: '1', 'b"': null })).toBe('"a"=>"1", "b\\""=>NULL');
  });
  it('writes json values as JSON text and strips NUL only for jsonb', () => {
    expect(toPgText({ a: 'x\0y' }, 'jsonb')).toBe('{"a":"xy"}');
    expect(toPgText({ a: 'x\0y' }, 'json')).toBe('{"a":"x\\u0000y"}');
    expect(toPgText('str', 'jsonb')).toBe('"str"');
    expect(toPgText(true, 'boolean')).toBe('t');
    expect(toPgText(new JsonNumber('123456789012345678901'), 'number')).toBe('123456789012345678901');
  });
});

describe('compileRowEncoder', () => {
  const encoder = compileRowEncoder({
    columns: [
      { name: 'id', path: ['id'], source: 'property', type: 'bigint' },
      { name: 'a__b', path: ['a', 'b'], source: 'property', type: 'text' },
      { name: 'j', path: ['j'], source: 'property', type: 'jsonb' },
      { name: '_sdc_deleted_at', path: ['_sdc_deleted_at'], source: 'deleted_at', type: 'timestamp with time zone' },
    ],
    keyIndexes: [0],
    deletedAtIndex: 3,
  });
  const ctx = { timeExtracted: undefined, batchedAt: 'now', version: undefined };
  it('encodes present, null and absent values and flags absence', () => {
    expect(encoder({ id: 1, a: { b: 'x\ty' }, j: [1] }, ctx)).toEqual({
      line: '1\tx\\ty\t[1]\t\\N',
      key: '1',
      absent: '',
      deleted: false,
      keyMissing: false,
    });
    expect(encoder({ id: 2, a: null }, ctx)).toMatchObject({ line: '2\t\\N\t\\N\t\\N', absent: '2' });
    expect(encoder({ id: 3 }, ctx)).toMatchObject({ absent: '1,2' });
    expect(encoder({ j: 1, _sdc_deleted_at: '2024-01-01T00:00:00Z' }, ctx)).toMatchObject({
      keyMissing: true,
      deleted: true,
    });
  });
});

describe('Batch', () => {
  const row = (key: string, line: string) => ({ line, key, absent: '', deleted: false, keyMissing: false });
  it('keeps the last record per key and counts received records', () => {
    const batch = new Batch(true);
    batch.add(row('1', 'a'), 1, 0);
    batch.add(row('2', 'b'), 2, 0);
    batch.add(row('1', 'c'), 3, 0);
    expect([...batch.rows()].map((r) => [r.line, r.lineNumber])).toEqual([
      ['c', 3],
      ['b', 2],
    ]);
    expect(batch.received).toBe(3);
    expect(batch.size).toBe(2);
    expect(batch.bytes).toBe(2);
  });
  it('appends when the stream has no key', () => {
    const batch = new Batch(false);
    batch.add(row('', 'a'), 1, 0);
    batch.add(row('', 'a'), 2, 0);
    expect(batch.size).toBe(2);
  });
});

describe('isConnectionLoss', () => {
  it('copy-epipe: a COPY writing to a closed socket (EPIPE, five letters like a SQLSTATE) is a lost connection', () => {
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32, syscall: 'write' });
    expect(isConnectionLoss(epipe)).toBe(true);
    expect(isConnectionLoss(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
    expect(isConnectionLoss(Object.assign(new Error('invalid input syntax'), { code: '22P02' }))).toBe(false);
  });
});
