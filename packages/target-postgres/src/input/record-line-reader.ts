import { Byte } from '@pgsinger/singer';
import { JsonScanner } from './json-scanner';
import { KeyOrder } from './key-order';
import type { RecordFields } from './record-fields';
import { absentSpan, type EnvelopeSpans, type Span } from './span';

/** What the fast path needs of a stream's sink: its record fields, when its RECORD lines may take the fast path. */
export interface FastPathSink {
  readonly fields: RecordFields | undefined;
}

const TYPE = 1;
const STREAM = 2;
const RECORD = 4;
const VERSION = 8;
const TIME_EXTRACTED = 16;
const SQL_TEXT = 32;
const RECORD_TYPE = Buffer.from('"RECORD"');
/** Longest integer token a double surely prints back as it came (no need to check). */
const MAX_VERSION_CHARS = 15;
const FIELD_BITS: ReadonlyMap<string, number> = new Map([
  ['type', TYPE],
  ['stream', STREAM],
  ['record', RECORD],
  ['version', VERSION],
  ['time_extracted', TIME_EXTRACTED],
  ['x-sql-text', SQL_TEXT],
]);

/**
 * The fast path for RECORD lines: scans the envelope once, in place, and the record into its stream's `RecordFields`
 * spans, without building the message. Anything else (other messages, streams without record fields, unusual or
 * invalid JSON) is left to the generic parser, errors included; so it never accepts a line the generic path would
 * refuse.
 */
export class RecordLineReader<S extends FastPathSink> {
  private readonly scanner = new JsonScanner();
  private readonly timeExtracted: Span = absentSpan();
  private readonly version: Span = absentSpan();
  private readonly sqlText: Span = absentSpan();
  /** The envelope's `time_extracted`, `version` and `x-sql-text` of the line last read. */
  readonly envelope: EnvelopeSpans = {
    timeExtracted: this.timeExtracted,
    version: this.version,
    sqlText: this.sqlText,
  };

  /** Envelope keys → field bit (0: another key). */
  private readonly keys = new KeyOrder((key) => FIELD_BITS.get(key) ?? 0);
  /** The last stream name, as bytes, and its sink (a stream's sink never changes). */
  private streamBytes = Buffer.alloc(0);
  private sink: S | undefined;

  constructor(private readonly sinks: ReadonlyMap<string, S>) {}

  /**
   * The sink of a RECORD line (valid UTF-8, `line` from lineStart to lineEnd) whose record fields now hold the
   * record's spans, and `envelope` its envelope's; undefined when the generic path must take the line.
   */
  read(line: Buffer, lineStart = 0, lineEnd = line.length): S | undefined {
    const s = this.scanner;
    if (!s.startObject(line, lineStart)) return undefined;
    this.timeExtracted.token = 'absent';
    this.version.token = 'absent';
    this.sqlText.token = 'absent';
    let seen = 0;
    let fields: RecordFields | undefined;
    let sink: S | undefined;
    for (let k = 0; ; k++) {
      const bit = this.keys.read(s, k);
      if (bit === undefined || (seen & bit) !== 0) return undefined;
      seen |= bit;
      if (!s.colon()) return undefined;
      const start = s.pos;
      if (bit === RECORD) {
        if (fields === undefined || line[start] !== Byte.OpenBrace || !fields.scan(s)) return undefined;
      } else {
        const token = s.value();
        if (token === 'invalid') return undefined;
        if (
          bit === TYPE &&
          (token !== 'string' || !s.startsWith(RECORD_TYPE, start) || s.pos !== start + RECORD_TYPE.length)
        ) {
          return undefined;
        }
        if (bit === STREAM) {
          if (token !== 'string' || s.pos - start <= 2) return undefined;
          sink = this.sinkAt(line, start + 1, s.pos - 1);
          fields = sink?.fields;
          if (fields === undefined) return undefined;
        }
        // parseJsonExact makes a JsonNumber of a version a double would respell (-0, 1.0, 17 digits), which
        // parseMessage refuses: such a line is left to it.
        const exactVersion = token === 'number' && isPlainNumber(line, start, s);
        // An explicit null means absent (as singer-python reads it); an empty time_extracted takes the generic path.
        if (bit === VERSION && !note(this.version, exactVersion || token === 'null', start, s)) return undefined;
        const timeText = (token === 'string' && s.pos - start > 2) || token === 'escaped';
        if (bit === TIME_EXTRACTED && !note(this.timeExtracted, timeText || token === 'null', start, s)) {
          return undefined;
        }
        if (
          bit === SQL_TEXT &&
          !note(this.sqlText, token === 'container' && line[start] === Byte.OpenBrace, start, s)
        ) {
          return undefined;
        }
        if (bit === TIME_EXTRACTED) this.timeExtracted.token = token;
        if (bit === VERSION) this.version.token = token;
        if (bit === SQL_TEXT) this.sqlText.token = token;
      }
      const next = s.afterMember();
      if (next === 'end') break;
      if (next === 'invalid') return undefined;
    }
    if (!s.atLineEnd(lineEnd) || (seen & (TYPE | STREAM | RECORD)) !== (TYPE | STREAM | RECORD)) return undefined;
    return sink;
  }

  /** The sink of the stream named by line[start, end): the same as the line before's without a new string. */
  private sinkAt(line: Buffer, start: number, end: number): S | undefined {
    const known = this.streamBytes;
    if (this.sink !== undefined && end - start === known.length && this.scanner.startsWith(known, start)) {
      return this.sink;
    }
    this.streamBytes = Buffer.from(line.subarray(start, end));
    this.sink = this.sinks.get(this.streamBytes.toString('utf8'));
    return this.sink;
  }
}

/** True when the number just scanned is a JS number's own spelling (a short integer, or computed). */
function isPlainNumber(line: Buffer, start: number, s: JsonScanner): boolean {
  if (s.integer && s.pos - start <= MAX_VERSION_CHARS && !(line[start] === Byte.Minus && line[start + 1] === Byte.Zero))
    return true;
  const token = line.toString('latin1', start, s.pos);
  return String(Number(token)) === token;
}

function note(span: Span, ok: boolean, start: number, s: JsonScanner): boolean {
  if (!ok) return false;
  span.start = start;
  span.end = s.pos;
  span.dirty = !s.integer; // read for number tokens only
  return true;
}
