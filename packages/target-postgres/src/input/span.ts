import type { Token } from './json-scanner';

/**
 * Where a value sits in a RECORD line: its token and byte span; `dirty` when the generic path would rewrite it. The
 * fast path notes spans as it scans (`RecordLineReader`, `RecordFields`) and the line encoder copies them.
 */
export interface Span {
  token: Token | 'absent';
  start: number;
  end: number;
  dirty: boolean;
  /** The value holds a \u0000 escape. */
  nul: boolean;
}

/** The envelope values a row may need besides the record. */
export interface EnvelopeSpans {
  readonly timeExtracted: Span;
  readonly version: Span;
}

/** A new, absent span. */
export const absentSpan = (): Span => ({ token: 'absent', start: 0, end: 0, dirty: false, nul: false });
