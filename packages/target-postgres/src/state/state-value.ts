import { stringifyExact } from '../input/json-number';
import { parseJsonExact } from '../input/parse-json-exact';

/**
 * A STATE value kept as the bytes it came in (checked by StateLineReader), decoded and parsed only if it is printed:
 * most are superseded first. Input chunks are never rewritten once read, so a view of one stays valid.
 */
export class RawStateValue {
  constructor(
    private readonly bytes: Buffer,
    private readonly start: number,
    private readonly end: number,
  ) {}

  /** The value's JSON text. */
  get json(): string {
    return this.bytes.toString('utf8', this.start, this.end);
  }
}

/** The state line printed for a STATE value: the same text whether the value came parsed or raw. */
export function stateLine(value: unknown): string {
  return stringifyExact(value instanceof RawStateValue ? parseJsonExact(value.json) : value);
}
