import { Byte } from '@pgsinger/singer';
import { JsonScanner } from './json-scanner';
import { JsonShape } from './json-shape';
import { KeyOrder } from './key-order';

const TYPE = 1;
const VALUE = 2;
const STATE_TYPE = Buffer.from('"STATE"');
const FIELD_BITS: ReadonlyMap<string, number> = new Map([
  ['type', TYPE],
  ['value', VALUE],
]);

/**
 * The fast path for STATE lines (many taps send one after every record): checks `{"type": "STATE", "value": …}` in
 * place with the validating scanner and finds the value's bytes, unparsed — the target parses a state only if
 * it prints it, and most are superseded first. Anything else (other keys, a null value, invalid JSON) is left to the
 * generic parser, errors and warnings included; so it never accepts a line the generic path would refuse.
 */
export class StateLineReader {
  private readonly scanner = new JsonScanner();
  private readonly keys = new KeyOrder((key) => FIELD_BITS.get(key) ?? 0);
  /** The last line scanned whose value is an object or array: the next ones usually differ from it in digits only. */
  private readonly shape = new JsonShape();
  private shaped = false;
  /** Where the value of the line last read starts and ends. */
  valueStart = 0;
  valueEnd = 0;

  /**
   * For a STATE line (valid UTF-8, `line` from lineStart to lineEnd): true, with the value's bytes at `valueStart` to
   * `valueEnd`; false when the generic path must take the line.
   */
  read(line: Buffer, lineStart = 0, lineEnd = line.length): boolean {
    if (this.shaped && this.shape.matches(line, lineStart, lineEnd)) {
      this.valueStart = this.shape.foundStart;
      this.valueEnd = this.shape.foundEnd;
      return true;
    }
    if (!this.scan(line, lineStart, lineEnd)) return false;
    const first = line[this.valueStart];
    if (first === Byte.OpenBrace || first === Byte.OpenBracket) {
      this.shape.keep(line, lineStart, lineEnd, this.valueStart, this.valueEnd);
      this.shaped = true;
    }
    return true;
  }

  /** Scans the line in full: true for a STATE line with a value that is not null. */
  private scan(line: Buffer, lineStart: number, lineEnd: number): boolean {
    const s = this.scanner;
    if (!s.startObject(line, lineStart)) return false;
    let seen = 0;
    for (let k = 0; ; k++) {
      const bit = this.keys.read(s, k);
      if (bit === undefined || bit === 0 || (seen & bit) !== 0) return false;
      seen |= bit;
      if (!s.colon()) return false;
      const start = s.pos;
      const token = s.value();
      if (token === 'invalid' || token === 'null') return false;
      if (bit === TYPE && (!s.startsWith(STATE_TYPE, start) || s.pos !== start + STATE_TYPE.length)) return false;
      if (bit === VALUE) {
        this.valueStart = start;
        this.valueEnd = s.pos;
      }
      const next = s.afterMember();
      if (next === 'end') break;
      if (next === 'invalid') return false;
    }
    return s.atLineEnd(lineEnd) && seen === (TYPE | VALUE);
  }
}
