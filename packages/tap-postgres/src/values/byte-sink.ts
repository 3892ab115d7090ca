/** Pieces up to this long are copied byte by byte. */
const SHORT = 48;

/** A growable byte buffer that lines are encoded into; `take()` hands the bytes over and starts a fresh one. */
export class ByteSink {
  bytes: Buffer;
  used = 0;

  constructor(private readonly initialSize: number = 64 * 1024) {
    this.bytes = Buffer.allocUnsafe(initialSize);
  }

  /** Makes room for `more` bytes after `used`. */
  reserve(more: number): void {
    if (this.used + more <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.bytes.length, this.used + more));
    this.bytes.copy(grown, 0, 0, this.used);
    this.bytes = grown;
  }

  /** Appends bytes (a precomputed constant or a slice of the input). */
  append(source: Buffer, start = 0, end = source.length): void {
    this.reserve(end - start);
    if (end - start > SHORT) {
      this.used += source.copy(this.bytes, this.used, start, end);
      return;
    }
    // Most pieces (keys, numbers, punctuation) are a few bytes: a loop costs less than Buffer#copy's call.
    const out = this.bytes;
    let used = this.used;
    for (let i = start; i < end; i += 1) out[used++] = source[i];
    this.used = used;
  }

  /** Appends a string as UTF-8. */
  appendText(text: string): void {
    this.reserve(text.length * 3);
    this.used += this.bytes.write(text, this.used);
  }

  /** The bytes written so far (the caller may keep them); writing goes on in a fresh buffer. */
  take(): Buffer {
    const taken = this.bytes.subarray(0, this.used);
    this.bytes = Buffer.allocUnsafe(this.initialSize); // not the size taken: one huge row must not keep a huge buffer
    this.used = 0;
    return taken;
  }
}
