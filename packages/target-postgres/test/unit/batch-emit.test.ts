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
