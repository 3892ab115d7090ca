import { Byte } from '@pgsinger/singer';
import type { EncodedRow } from '../encode/encoded-row';
import type { BatchRow, EmitOptions, EmitReport } from './batch-types';
export type { BatchRow, EmitOptions, EmitReport } from './batch-types';
import { META_FIELDS, returnMeta, returnSlabs, takeMeta, takeSlab } from './slab-pool';
import { slotKey } from './slot-key';

const OUT_BYTES = 256 * 1024;
const NO_META: Float64Array = new Float64Array(0);
const FIRST_META_ROWS = 64;
/** A batch's first slab: small, so that many streams with a few rows each hold little (later slabs are SLAB_BYTES). */
const FIRST_SLAB_BYTES = 16 * 1024;
// Fields of a row in `meta`.
const SLAB = 0;
const OFFSET = 1;
const LENGTH = 2;
const LINE = 3;
const DELETED = 4;

/**
 * A stream's batch: rows deduplicated by key (the last record wins, in the slot of the first), or appended when the
 * stream has no key. Each row's COPY line is written as UTF-8 into reused slabs as it arrives, with its bookkeeping
 * in a reused number table, so a batch holds no per-row objects and the COPY sends slices of the slabs as they are.
 */
export class Batch {
  private readonly slots = new Map<string | number, number>();
  private readonly slabs: Buffer[] = [];
  private used = 0;
  // Taken at the first row: a run with many streams keeps an empty batch per stream.
  private meta: Float64Array = NO_META;
  private count = 0;
  /** Absent sets of the rows that have one (most rows have none). */
  private readonly absents = new Map<number, string>();
  /** Bytes of COPY text held (UTF-8, newlines not counted). */
  bytes = 0;
  /** Rows held that are hard deletes. */
  deletes = 0;
  /** Records received into this batch (before dedupe). */
  received = 0;
  /** When the first row came (ms since epoch), or undefined while empty. */
  firstAt: number | undefined;

  constructor(readonly keyed: boolean) {}

  /** Adds a row; a row with the same key replaces the earlier one. */
  add(row: EncodedRow, lineNumber: number, now: number): void {
    if (this.firstAt === undefined) this.firstAt = now;
    this.received++;
    const key = this.keyed ? (typeof row.key === 'number' ? row.key : slotKey(row.key)) : 0;
    const slot = this.keyed ? this.slots.get(key) : undefined;
    let at: number;
    if (slot === undefined) {
      if (this.keyed) this.slots.set(key, this.count);
      if ((this.count + 1) * META_FIELDS > this.meta.length) this.grow();
      at = this.count++ * META_FIELDS;
    } else {
      at = slot * META_FIELDS;
      this.bytes -= this.meta[at + LENGTH];
      this.deletes -= this.meta[at + DELETED];
      this.absents.delete(slot);
    }
    if (row.bytes === undefined) this.write(row.line, at);
    else this.writeBytes(row.bytes, row.byteLength ?? row.bytes.length, at);
    this.bytes += this.meta[at + LENGTH];
    this.meta[at + LINE] = lineNumber;
    this.meta[at + DELETED] = row.deleted ? 1 : 0;
    if (row.deleted) this.deletes++;
    if (row.absent !== '') this.absents.set(at / META_FIELDS, row.absent);
  }

  private grow(): void {
    const bigger = takeMeta(Math.max(FIRST_META_ROWS, this.count * 2));
    bigger.set(this.meta.subarray(0, this.count * META_FIELDS));
    if (this.meta !== NO_META) returnMeta(this.meta);
    this.meta = bigger;
  }

  /** Writes a line and its newline into the current slab (or a new one) and notes where. */
  private write(line: string, at: number): void {
    const last = this.slabs.at(-1);
    // UTF-8 takes at most 3 bytes per UTF-16 unit; measure exactly only when that bound does not fit.
    const fits = last !== undefined && last.length - this.used >= line.length * 3 + 1;
    const slab = fits ? last : this.slabFor(Buffer.byteLength(line) + 1);
    const length = slab.write(line, this.used);
    slab[this.used + length] = Byte.Newline;
    this.note(at, length);
  }

  /** Copies a line given as bytes and its newline into the current slab (or a new one) and notes where. */
  private writeBytes(bytes: Buffer, byteLength: number, at: number): void {
    const slab = this.slabFor(byteLength + 1);
    const length = bytes.copy(slab, this.used, 0, byteLength);
    slab[this.used + length] = Byte.Newline;
    this.note(at, length);
  }

  /** The current slab when `need` bytes fit in it, else a new one (the first one small). */
  private slabFor(need: number): Buffer {
    const last = this.slabs.at(-1);
    if (last !== undefined && last.length - this.used >= need) return last;
    const slab = takeSlab(need, this.slabs.length === 0 ? FIRST_SLAB_BYTES : undefined);
    this.slabs.push(slab);
    this.used = 0;
    return slab;
  }

  private note(at: number, length: number): void {
    this.meta[at + SLAB] = this.slabs.length - 1;
    this.meta[at + OFFSET] = this.used;
    this.meta[at + LENGTH] = length;
    this.used += length + 1;
  }

  /** Rows held (after dedupe). */
  get size(): number {
    return this.count;
  }

  /** True when no row has an absent column or is a delete: the staging columns keep their defaults. */
  get uniform(): boolean {
    return this.absents.size === 0 && this.deletes === 0;
  }

  /** The COPY text of the rows in slot order, as slab slices (or copies, when staging columns are appended). */
  *emit(options: EmitOptions, report: EmitReport): Generator<Buffer> {
    const meta = this.meta;
    let out = options.staging ? Buffer.allocUnsafe(OUT_BYTES) : undefined;
    let outUsed = 0;
    let run = { slab: -1, start: 0, end: 0 };
    for (let i = 0; i < this.count; i++) {
      const at = i * META_FIELDS;
      const deleted = meta[at + DELETED] === 1;
      const absent = this.absents.get(i) ?? '';
      if (deleted) report.deleted++;
      if (deleted && options.skipDeleted) continue;
      if (!deleted) report.groups.add(absent);
      report.lineNumbers.push(meta[at + LINE]);
      const slab = meta[at + SLAB];
      const start = meta[at + OFFSET];
      const end = start + meta[at + LENGTH] + 1;
      if (out === undefined) {
        if (run.slab === slab && run.end === start) {
          run.end = end;
          continue;
        }
        if (run.slab >= 0) yield this.slabs[run.slab].subarray(run.start, run.end);
        run = { slab, start, end };
        continue;
      }
      const suffix = `\t${absent}\t${deleted ? 't' : 'f'}\n`;
      if (outUsed + (end - start) + suffix.length * 3 > out.length) {
        if (outUsed > 0) yield out.subarray(0, outUsed);
        out = Buffer.allocUnsafe(Math.max(OUT_BYTES, end - start + suffix.length * 3));
        outUsed = 0;
      }
      outUsed += this.slabs[slab].copy(out, outUsed, start, end - 1);
      outUsed += out.write(suffix, outUsed);
    }
    if (run.slab >= 0) yield this.slabs[run.slab].subarray(run.start, run.end);
    if (out !== undefined && outUsed > 0) yield out.subarray(0, outUsed);
  }

  /** The rows, each key once with its last record. */
  *rows(): Generator<BatchRow> {
    for (let i = 0; i < this.count; i++) {
      const at = i * META_FIELDS;
      const start = this.meta[at + OFFSET];
      yield {
        line: this.slabs[this.meta[at + SLAB]].toString('utf8', start, start + this.meta[at + LENGTH]),
        absent: this.absents.get(i) ?? '',
        deleted: this.meta[at + DELETED] === 1,
        lineNumber: this.meta[at + LINE],
      };
    }
  }

  /** First and last input line held (0 when empty). */
  lineRange(): { readonly first: number; readonly last: number } {
    let first = Infinity;
    let last = 0;
    for (let i = 0; i < this.count; i++) {
      const n = this.meta[i * META_FIELDS + LINE];
      if (n < first) first = n;
      if (n > last) last = n;
    }
    return { first: last === 0 ? 0 : first, last };
  }

  /** Hands the slabs and row table back for reuse; the batch must not be read afterwards. */
  release(): void {
    returnSlabs(this.slabs);
    this.slabs.length = 0;
    if (this.meta !== NO_META) returnMeta(this.meta);
    this.meta = NO_META;
    this.count = 0;
  }
}
