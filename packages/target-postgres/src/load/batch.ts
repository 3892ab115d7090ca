import type { EncodedRow } from './encode-row';

/** One buffered row and the input line it came from. */
export interface BatchRow {
  readonly line: string;
  readonly absent: string;
  readonly deleted: boolean;
  readonly lineNumber: number;
}

/**
 * A stream's batch: rows deduplicated by key (the last record wins, in the slot of the first), or appended when the
 * stream has no key. Columns of parallel arrays keep the per-row garbage low.
 */
export class Batch {
  private readonly slots = new Map<string, number>();
  private readonly lines: string[] = [];
  private readonly absents: string[] = [];
  private readonly deletedFlags: boolean[] = [];
  private readonly lineNumbers: number[] = [];
  /** Bytes (UTF-16 units) of COPY text held. */
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
    this.bytes += row.line.length;
    if (row.deleted) this.deletes++;
    const slot = this.keyed ? this.slots.get(row.key) : undefined;
    if (slot === undefined) {
      if (this.keyed) this.slots.set(row.key, this.lines.length);
      this.lines.push(row.line);
      this.absents.push(row.absent);
      this.deletedFlags.push(row.deleted);
      this.lineNumbers.push(lineNumber);
      return;
    }
    this.bytes -= this.lines[slot].length;
    if (this.deletedFlags[slot]) this.deletes--;
    this.lines[slot] = row.line;
    this.absents[slot] = row.absent;
    this.deletedFlags[slot] = row.deleted;
    this.lineNumbers[slot] = lineNumber;
  }

  /** Rows held (after dedupe). */
  get size(): number {
    return this.lines.length;
  }

  /** The rows, each key once with its last record. */
  *rows(): Generator<BatchRow> {
    for (let i = 0; i < this.lines.length; i++) {
      yield {
        line: this.lines[i],
        absent: this.absents[i],
        deleted: this.deletedFlags[i],
        lineNumber: this.lineNumbers[i],
      };
    }
  }
}
