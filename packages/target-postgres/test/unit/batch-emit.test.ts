import { Batch } from '../../src/batch/batch';
import type { EmitReport } from '../../src/batch/batch-types';

const row = (key: string, line: string, absent = '', deleted = false) => ({
  line,
  key,
  absent,
  deleted,
  keyMissing: false,
});
const report = (): EmitReport => ({ lineNumbers: [], groups: new Set(), deleted: 0 });
const text = (buffers: Iterable<Buffer>): string => Buffer.concat([...buffers]).toString('utf8');

describe('Batch.emit', () => {
  it('sends the rows in slot order, last record per key, with UTF-8 intact', () => {
    const batch = new Batch(true);
    batch.add(row('1', 'a\t1'), 1, 0);
    batch.add(row('2', 'b\t😀'), 2, 0);
    batch.add(row('1', 'c\té'), 3, 0);
    batch.add(row('300', 'd\t3'), 4, 0);
    const r = report();
    expect(text(batch.emit({ staging: false, skipDeleted: true }, r))).toBe('c\té\nb\t😀\nd\t3\n');
    expect(r.lineNumbers).toEqual([3, 2, 4]);
    expect(batch.uniform).toBe(true);
    expect(batch.bytes).toBe(Buffer.byteLength('c\téb\t😀d\t3'));
    batch.release();
  });

  it('appends the staging flags and reports groups and deletes', () => {
    const batch = new Batch(true);
    batch.add(row('1', 'x'), 1, 0);
    batch.add(row('2', 'y', '3'), 2, 0);
    batch.add(row('3', 'z', '', true), 3, 0);
    expect(batch.uniform).toBe(false);
    const r = report();
    expect(text(batch.emit({ staging: true, skipDeleted: false }, r))).toBe('x\t\tf\ny\t3\tf\nz\t\tt\n');
    expect([...r.groups]).toEqual(['', '3']);
    expect(r.deleted).toBe(1);
    const direct = report();
    expect(text(batch.emit({ staging: false, skipDeleted: true }, direct))).toBe('x\ny\n');
    expect(batch.lineRange()).toEqual({ first: 1, last: 3 });
    batch.release();
  });

  it('keeps keys that look numeric apart from their other spellings', () => {
    const batch = new Batch(true);
    for (const [i, key] of ['7', '07', '-7', '1234567890', '7'].entries()) batch.add(row(key, `r${i}`), i + 1, 0);
    expect(batch.size).toBe(4);
    expect(batch.received).toBe(5);
    expect(text(batch.emit({ staging: false, skipDeleted: true }, report()))).toBe('r4\nr1\nr2\nr3\n');
  });

  it('holds rows larger than a slab', () => {
    const batch = new Batch(false);
    const big = 'x'.repeat(3 * 1024 * 1024);
    batch.add(row('', 'a'), 1, 0);
    batch.add(row('', big), 2, 0);
    batch.add(row('', 'b'), 3, 0);
    expect(text(batch.emit({ staging: false, skipDeleted: true }, report()))).toBe(`a\n${big}\nb\n`);
  });
});

describe('Batch.add: several records for one key load as they would one by one', () => {
  const lines = (batch: Batch): string => text(batch.emit({ staging: true, skipDeleted: false }, report()));

  it('a partial record overwrites the columns it carries and keeps the others', () => {
    const batch = new Batch(true);
    batch.add(row('1', '1\ta1\tb1\tc1'), 1, 0);
    batch.add(row('1', '1\ta2\t\\N\t\\N', '2,3'), 2, 0); // b and c absent
    batch.add(row('1', '1\t\\N\tb3\t\\N', '1,3'), 3, 0); // a and c absent
    expect(lines(batch)).toBe('1\ta2\tb3\tc1\t\tf\n');
    expect(batch.size).toBe(1);
    expect(batch.received).toBe(3);
    expect(batch.lineRange()).toEqual({ first: 3, last: 3 });
  });

  it('a column stays absent only when no record carried it', () => {
    const batch = new Batch(true);
    batch.add(row('1', '1\ta1\t\\N\t\\N', '2,3'), 1, 0);
    batch.add(row('1', '1\t\\N\tb2\t\\N', '1,3'), 2, 0);
    expect(lines(batch)).toBe('1\ta1\tb2\t\\N\t3\tf\n');
  });

  it('after a hard delete a partial record inserts afresh: what it lacks is NULL, nothing stays absent', () => {
    const batch = new Batch(true);
    batch.add(row('1', '1\ta1\tb1'), 1, 0);
    batch.add(row('1', '1\t\\N\t\\N', '1,2', true), 2, 0);
    expect(batch.deletes).toBe(1);
    batch.add(row('1', '1\ta3\t\\N', '2'), 3, 0);
    expect(batch.deletes).toBe(0);
    expect(lines(batch)).toBe('1\ta3\t\\N\t\tf\n');
  });

  it('a delete replaces whatever the key held; a full record replaces it too', () => {
    const batch = new Batch(true);
    batch.add(row('1', '1\ta1\t\\N', '2'), 1, 0);
    batch.add(row('1', '1\t\\N\t\\N', '1,2', true), 2, 0);
    expect(lines(batch)).toBe('1\t\\N\t\\N\t1,2\tt\n');
    batch.add(row('1', '1\ta3\tb3'), 3, 0);
    expect(lines(batch)).toBe('1\ta3\tb3\t\tf\n');
    expect(batch.bytes).toBe(Buffer.byteLength('1\ta3\tb3'));
  });

  it('merges rows given as bytes (the fast path) and keeps multi-byte text and escapes intact', () => {
    const batch = new Batch(true);
    const bytes = (line: string) => ({
      ...row('9', ''),
      bytes: Buffer.from(`${line}garbage`),
      byteLength: Buffer.byteLength(line),
    });
    batch.add(bytes('9\té\\tx\t😀'), 1, 0);
    batch.add({ ...bytes('9\t\\N\tü'), absent: '1' }, 2, 0);
    expect(lines(batch)).toBe('9\té\\tx\tü\t\tf\n');
  });
});
