import { Byte } from '@pgsinger/singer';

const isDigit = (c: number): boolean => c >= Byte.Zero && c <= Byte.Nine;

/** Where a byte of the reference line stands, for a digit that may change there. */
const OUTSIDE_STRING = 0;
const IN_STRING = 1;
const IN_ESCAPE = 2;

/**
 * A line of valid JSON kept to check later lines against: a tap that sends a STATE after every record sends nearly the
 * same line each time, with only numbers (positions, counters, the digits of a timestamp) changed. Comparing bytes is
 * several times cheaper than scanning the JSON again.
 */
export class JsonShape {
  private bytes = Buffer.alloc(0);
  private where = new Uint8Array(0);
  /** A span of the reference line (offsets into it) whose place is looked for in the lines checked against it. */
  private spanStart = -1;
  private spanEnd = -1;
  /** Where the span of the reference sits in the line last found the same shape. */
  foundStart = 0;
  foundEnd = 0;

  /**
   * Keeps line[start, end) — valid JSON, checked by the caller — as the reference, with the span [spanStart, spanEnd)
   * to look for, which must start and end on bytes outside strings and numbers (an object: its `{` and the byte after
   * its `}`).
   */
  keep(line: Buffer, start: number, end: number, spanStart: number, spanEnd: number): void {
    const bytes = Buffer.from(line.subarray(start, end));
    const where = new Uint8Array(bytes.length);
    let inString = false;
    for (let k = 0; k < bytes.length; k++) {
      const c = bytes[k];
      if (inString && c === Byte.Backslash) {
        const length = bytes[k + 1] === Byte.LowerU ? 6 : 2;
        where.fill(IN_ESCAPE, k, k + length);
        k += length - 1;
        continue;
      }
      if (c === Byte.Quote) inString = !inString;
      where[k] = inString ? IN_STRING : OUTSIDE_STRING;
    }
    this.bytes = bytes;
    this.where = where;
    this.spanStart = spanStart - start;
    this.spanEnd = spanEnd - start;
  }

  /**
   * True when line[start, end) is valid JSON because it is the reference with only some runs of digits changed, each
   * to a run valid where it stands: any digits in a string, but not in a \u escape; no leading zero outside strings.
   * Then foundStart/foundEnd hold the span's place. False means "not known": the caller scans the line itself.
   */
  matches(line: Buffer, start: number, end: number): boolean {
    const ref = this.bytes;
    const refEnd = ref.length;
    let j = 0; // in the reference; the same byte of the line is at j + shift
    let shift = start;
    for (;;) {
      const from = j;
      const limit = Math.min(refEnd, end - shift);
      while (j < limit && line[j + shift] === ref[j]) j++;
      if (this.spanStart >= from && this.spanStart < j) this.foundStart = this.spanStart + shift;
      if (this.spanEnd >= from && this.spanEnd < j) this.foundEnd = this.spanEnd + shift;
      if (j === refEnd || j + shift === end) return j === refEnd && j + shift === end;
      // A run of digits differs: from its start (its first digits may be equal) to its end in each line.
      let run = j;
      while (run > from && isDigit(ref[run - 1])) run--;
      let refRunEnd = j;
      while (refRunEnd < refEnd && isDigit(ref[refRunEnd])) refRunEnd++;
      let lineRunEnd = j + shift;
      while (lineRunEnd < end && isDigit(line[lineRunEnd])) lineRunEnd++;
      const lineRun = run + shift;
      if (refRunEnd === run || lineRunEnd === lineRun) return false; // not digits for digits
      const where = this.where[run];
      if (where === IN_ESCAPE) return false;
      // A number may not gain a leading zero (a fraction's or an exponent's may: not worth telling apart).
      if (where === OUTSIDE_STRING && line[lineRun] === Byte.Zero && lineRunEnd - lineRun > 1) return false;
      shift = lineRunEnd - refRunEnd;
      j = refRunEnd;
    }
  }
}
