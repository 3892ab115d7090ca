import type { EncodedRow } from './load/encode-row';
import { JsonScanner } from './load/json-scanner';
import { KeyOrder } from './load/key-order';
import { significantDigitsOf } from './load/number-text';
import { absentSpan, type LineEncoder, type Span } from './load/line-encoder';

/** A RECORD line encoded without building the message: its stream and COPY row. */
export interface FastRecord {
  readonly stream: string;
  readonly row: EncodedRow;
}

const TYPE = 1;
const STREAM = 2;
const RECORD = 4;
const VERSION = 8;
const TIME_EXTRACTED = 16;
const RECORD_TYPE = Buffer.from('"RECORD"');
const EMPTY_ROW: EncodedRow = { line: '', key: '', absent: '', deleted: false, keyMissing: false };
const FIELD_BITS: ReadonlyMap<string, number> = new Map([
  ['type', TYPE],
  ['stream', STREAM],
  ['record', RECORD],
  ['version', VERSION],
  ['time_extracted', TIME_EXTRACTED],
]);

/**
 * The fast path for RECORD lines: scans the line once and encodes the record straight to its COPY row. Returns
 * undefined for anything else (other messages, streams without a line encoder, unusual or invalid JSON), which the
 * generic parser then handles, errors included; so it never accepts a line the generic path would refuse.
 */
export class RecordLineReader {
  private readonly scanner = new JsonScanner();
  private readonly timeExtracted: Span = absentSpan();
  private readonly version: Span = absentSpan();

  /** Envelope keys → field bit (0: another key); the last stream name. */
  private readonly keys = new KeyOrder((key) => FIELD_BITS.get(key) ?? 0);
  private stream = '';
  private streamBytes = Buffer.alloc(0);
  private readonly envelope = { timeExtracted: this.timeExtracted, version: this.version };
  private readonly result: { stream: string; row: EncodedRow } = { stream: '', row: EMPTY_ROW };

  constructor(private readonly encoderOf: (stream: string) => LineEncoder | undefined) {}

  /**
   * The stream and row of a RECORD line (valid UTF-8, `line` from lineStart to lineEnd), or undefined when the generic path
   * must take it. The result is reused by the next call.
   */
  read(line: Buffer, lineStart = 0, lineEnd = line.length): FastRecord | undefined {
    const s = this.scanner;
    s.reset(line, lineStart);
    s.ws();
    if (line[s.pos] !== 123) return undefined;
    s.pos++;
    s.ws();
    this.timeExtracted.token = 'absent';
    this.version.token = 'absent';
    let seen = 0;
    let stream = '';
    let encoder: LineEncoder | undefined;
    for (let k = 0; ; k++) {
      const bit = this.keys.read(s, k);
      if (bit === undefined || (seen & bit) !== 0) return undefined;
      seen |= bit;
      s.ws();
      if (line[s.pos] !== 58) return undefined;
      s.pos++;
      s.ws();
      const start = s.pos;
      if (bit === RECORD) {
        if (encoder === undefined || line[start] !== 123 || !encoder.scanRecord(s)) return undefined;
      } else {
        const token = s.value();
        if (token === 'invalid') return undefined;
        if (bit === TYPE && (token !== 'string' || !s.startsWith(RECORD_TYPE, start) || s.pos !== start + 8)) {
          return undefined;
        }
        if (bit === STREAM) {
          if (token !== 'string' || s.pos - start <= 2) return undefined;
          // The same stream as the line before: its name without a new string (whose hash the lookups compute).
          const same = s.pos === start + this.streamBytes.length + 2 && s.startsWith(this.streamBytes, start + 1);
          if (!same) {
            this.streamBytes = Buffer.from(line.subarray(start + 1, s.pos - 1));
            this.stream = this.streamBytes.toString('utf8');
          }
          stream = this.stream;
          encoder = this.encoderOf(stream);
          if (encoder === undefined) return undefined;
        }
        // parseJsonExact makes a JsonNumber of a version past 15 digits, which parseMessage refuses.
        const exactVersion =
          token === 'number' && (s.pos - start <= 15 || significantDigitsOf(line, start, s.pos) <= 15);
        if (bit === VERSION && !note(this.version, exactVersion, start, s)) return undefined;
        if (bit === TIME_EXTRACTED && !note(this.timeExtracted, token === 'string' || token === 'escaped', start, s)) {
          return undefined;
        }
        if (bit === TIME_EXTRACTED) this.timeExtracted.token = token;
        if (bit === VERSION) this.version.token = token;
      }
      s.ws();
      const c = line[s.pos++];
      if (c === 125) break;
      if (c !== 44) return undefined;
      s.ws();
    }
    s.ws();
    // Whitespace after the record may include the CR of a CRLF line end (at lineEnd), but nothing else.
    const ended = s.pos === lineEnd || (s.pos === lineEnd + 1 && line[lineEnd] === 13);
    if (!ended || (seen & (TYPE | STREAM | RECORD)) !== (TYPE | STREAM | RECORD)) return undefined;
    if (encoder === undefined) return undefined;
    this.result.stream = stream;
    this.result.row = encoder.finish(line, this.envelope);
    return this.result;
  }
}

function note(span: Span, ok: boolean, start: number, s: JsonScanner): boolean {
  if (!ok) return false;
  span.start = start;
  span.end = s.pos;
  span.dirty = !s.canonical;
  return true;
}
