import { Byte } from '@pgsinger/singer';

/** Below this many bytes a JS loop copies faster than a call into Buffer.copy. */
const SHORT_COPY = 48;
/**
 * The UTF-8 COPY text of the row being built, in one reused buffer: fields are copied from the input line's bytes
 * without becoming strings. Valid until the next row starts.
 */
export class RowBytes {
  buffer = Buffer.allocUnsafeSlow(64 * 1024);
  length = 0;

  /** Starts a new row. */
  reset(): void {
    this.length = 0;
  }

  /** Makes room for `extra` more bytes. */
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(need, this.buffer.length * 2));
    this.buffer.copy(bigger, 0, 0, this.length);
    this.buffer = bigger;
  }

  /** Appends one byte. */
  byte(c: number): void {
    this.reserve(1);
    this.buffer[this.length++] = c;
  }

  /** Appends src[start, end) as it is. */
  copy(src: Buffer, start: number, end: number): void {
    const n = end - start;
    this.reserve(n);
    const out = this.buffer;
    let at = this.length;
    if (n < SHORT_COPY) for (let i = start; i < end; i++) out[at++] = src[i];
    else at += src.copy(out, at, start, end);
    this.length = at;
  }

  /** Appends src[start, end) escaped for COPY text (backslash, newline, CR, tab; NUL removed). */
  copyEscaped(src: Buffer, start: number, end: number): void {
    this.reserve(2 * (end - start));
    const out = this.buffer;
    let at = this.length;
    for (let i = start; i < end; i++) {
      const c = src[i];
      const escaped = copyEscapeOf(c);
      if (escaped !== Byte.Nul) {
        out[at++] = Byte.Backslash;
        out[at++] = escaped;
      } else if (c !== Byte.Nul) {
        out[at++] = c;
      }
    }
    this.length = at;
  }

  /** Appends a string (already COPY-escaped) as UTF-8. */
  text(s: string): void {
    const n = s.length;
    if (n < SHORT_COPY) {
      this.reserve(3 * n);
      const out = this.buffer;
      let at = this.length;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= Byte.NonAscii) break;
        out[at++] = c;
      }
      if (i === n) return void (this.length = at);
    } else {
      this.reserve(Buffer.byteLength(s));
    }
    this.length += this.buffer.write(s, this.length);
  }
}

/** The letter written after a backslash in place of a byte that COPY text escapes; Nul for the others. */
function copyEscapeOf(c: number): number {
  if (c === Byte.Backslash) return Byte.Backslash;
  if (c === Byte.Newline) return Byte.LowerN;
  if (c === Byte.CarriageReturn) return Byte.LowerR;
  if (c === Byte.Tab) return Byte.LowerT;
  return Byte.Nul;
}
