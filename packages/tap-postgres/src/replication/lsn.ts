/** A log sequence number: a 64-bit WAL position, held as a bigint. */
export type Lsn = bigint;

/** The invalid LSN `0/0` (the server's InvalidXLogRecPtr). */
export const INVALID_LSN: Lsn = 0n;

const LSN_TEXT = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;
const MAX_LSN = (1n << 64n) - 1n;

/** Parses PostgreSQL's `X/Y` text form of an LSN (pure; throws on anything else). */
export function parseLsn(text: string): Lsn {
  const match = LSN_TEXT.exec(text);
  if (match === null) throw new Error(`Invalid LSN ${JSON.stringify(text)}: expected the form X/Y in hexadecimal`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** Formats an LSN as PostgreSQL prints it (`16/B374D848`, upper-case hex, pure). */
export function formatLsn(lsn: Lsn): string {
  if (lsn < 0n || lsn > MAX_LSN) throw new RangeError(`LSN out of range: ${lsn}`);
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** Compares two LSNs: negative, zero or positive, as a sort comparator. */
export function compareLsn(a: Lsn, b: Lsn): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The larger of two LSNs. */
export function maxLsn(a: Lsn, b: Lsn): Lsn {
  return a > b ? a : b;
}

/** The integer pipelinewise stores as the `lsn` bookmark (exact below 2^53, i.e. the first 8 PiB of WAL). */
export function lsnToBookmark(lsn: Lsn): number {
  if (lsn < 0n || lsn > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`LSN ${formatLsn(lsn)} exceeds 2^53`);
  return Number(lsn);
}

/**
 * Reads an `lsn` bookmark: pipelinewise's integer (also as a decimal string) or the `X/Y` text; undefined when
 * absent; throws on anything else.
 */
export function lsnFromBookmark(value: unknown): Lsn | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`Invalid lsn bookmark ${value}`);
    return BigInt(value);
  }
  if (typeof value === 'string') {
    if (/^[0-9]+$/.test(value)) return BigInt(value);
    return parseLsn(value);
  }
  throw new Error(`Invalid lsn bookmark ${JSON.stringify(value)}: expected an integer`);
}
