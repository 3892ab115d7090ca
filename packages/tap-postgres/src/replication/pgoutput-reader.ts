import { emptyColumnValues, type ColumnValues } from './decoded-change';
import type { Relation } from './pgoutput-relation';

/** A cursor over one pgoutput message (big-endian integers, NUL-terminated strings). */
export class PgoutputReader {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  /** Reads one byte. */
  byte(): number {
    return this.buffer[this.advance(1)];
  }

  /** Reads a 16-bit signed integer. */
  int16(): number {
    return this.buffer.readInt16BE(this.advance(2));
  }

  /** Reads a 32-bit signed integer. */
  int32(): number {
    return this.buffer.readInt32BE(this.advance(4));
  }

  /** Reads a 32-bit unsigned integer (OIDs, xids, relation ids). */
  uint32(): number {
    return this.buffer.readUInt32BE(this.advance(4));
  }

  /** Reads a 64-bit unsigned integer (LSNs). */
  uint64(): bigint {
    return this.buffer.readBigUInt64BE(this.advance(8));
  }

  /** Reads a 64-bit signed integer (timestamps). */
  int64(): bigint {
    return this.buffer.readBigInt64BE(this.advance(8));
  }

  /** Reads a NUL-terminated UTF-8 string. */
  string(): string {
    const end = this.buffer.indexOf(0, this.offset);
    if (end < 0) throw new Error('pgoutput: unterminated string');
    const value = this.buffer.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return value;
  }

  /** Reads `length` bytes as UTF-8 text. */
  text(length: number): string {
    const start = this.advance(length);
    return this.buffer.toString('utf8', start, start + length);
  }

  /**
   * Reads TupleData: `n` null, `u` unchanged TOAST (left out: absent, never null), `t` text. With `keysOnly`, only
   * the relation's key columns are kept (an old-key tuple sends the others as nulls).
   */
  tuple(relation: Relation, options: { readonly keysOnly?: boolean } = {}): ColumnValues {
    const count = this.int16();
    const columns = relation.columns;
    if (count > columns.length)
      throw new Error(`pgoutput: ${count} columns for ${relation.schema}.${relation.table} (known: ${columns.length})`);
    const values = emptyColumnValues();
    for (let i = 0; i < count; i += 1) {
      const kind = this.byte();
      const column = columns[i];
      if (kind === 0x6e /* n */) {
        if (options.keysOnly !== true || column.isKey) values[column.name] = null;
      } else if (kind === 0x74 /* t */) {
        const text = this.text(this.int32());
        if (options.keysOnly !== true || column.isKey) values[column.name] = text;
      } else if (kind === 0x75 /* u */) {
        // unchanged TOAST value: absent
      } else {
        throw new Error(`pgoutput: unsupported tuple value kind 0x${kind.toString(16)} (binary mode is not requested)`);
      }
    }
    return values;
  }

  /** Moves past the next `bytes` bytes; returns where they start (a message too short is an error). */
  private advance(bytes: number): number {
    const start = this.offset;
    if (start + bytes > this.buffer.length) throw new Error('pgoutput: message truncated');
    this.offset = start + bytes;
    return start;
  }
}
