const TWO_32 = 4294967296n;
const HALF = 2147483648n;

/** The rows an XMIN run reads: every row, or those of transactions in [since, since + span) (64-bit ids). */
export type XminWindow = { readonly since32: string; readonly span: string } | undefined;

/**
 * The window from the last run's bookmark (64-bit snapshot xmin) to this run's snapshot xmax (pure). None on a
 * first run, or when more than 2^31 transactions passed (32-bit xmin would be ambiguous): then every row is read.
 */
export function xminWindow(bookmark: unknown, snapshotXmax: string): XminWindow {
  const since = toBigInt(bookmark);
  if (since === undefined) return undefined;
  const xmax = BigInt(snapshotXmax);
  const span = xmax - since;
  if (span < 0n || span >= HALF) return undefined;
  return { since32: String(since % TWO_32), span: String(span) };
}

function toBigInt(value: unknown): bigint | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  return undefined;
}
