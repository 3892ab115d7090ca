/** Milliseconds from the Unix epoch to PostgreSQL's epoch (2000-01-01T00:00:00Z). */
export const PG_EPOCH_MS = 946_684_800_000;

/** Microseconds since PostgreSQL's epoch for a Unix time in milliseconds (the replication protocol's clock). */
export function pgMicrosFromMillis(ms: number): bigint {
  return BigInt(Math.round(ms - PG_EPOCH_MS)) * 1000n;
}

/** ISO 8601 UTC text with microseconds (`2024-01-02T03:04:05.123456+00:00`) of a protocol timestamp (pure). */
export function pgMicrosToIso(micros: bigint): string {
  let fraction = micros % 1_000_000n;
  let seconds = micros / 1_000_000n;
  if (fraction < 0n) {
    fraction += 1_000_000n;
    seconds -= 1n;
  }
  const date = new Date(Number(seconds) * 1000 + PG_EPOCH_MS);
  return `${date.toISOString().slice(0, 19)}.${fraction.toString().padStart(6, '0')}+00:00`;
}

const TIMESTAMPTZ = /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?([+-]\d\d)(?::?(\d\d))?(?::?(\d\d))?$/;

/**
 * ISO 8601 UTC text with microseconds of a timestamptz as PostgreSQL prints it with DateStyle ISO
 * (`2024-01-02 03:04:05.1234+00`, any offset), as wal2json writes commit times (pure; throws on other text).
 */
export function timestamptzTextToIso(text: string): string {
  const m = TIMESTAMPTZ.exec(text);
  if (m === null) throw new Error(`Unexpected timestamp ${JSON.stringify(text)}`);
  const sign = m[8].startsWith('-') ? -1 : 1;
  const offsetSeconds = sign * (Math.abs(Number(m[8])) * 3600 + Number(m[9] ?? '0') * 60 + Number(m[10] ?? '0'));
  const utc =
    Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) -
    offsetSeconds * 1000;
  const fraction = (m[7] ?? '').padEnd(6, '0');
  return `${new Date(utc).toISOString().slice(0, 19)}.${fraction}+00:00`;
}
