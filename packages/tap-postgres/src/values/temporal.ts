const TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?(?:\+00)?$/;
const DATE = /^\d{4}-\d\d-\d\d$/;

/**
 * A timestamp (with or without time zone, printed by a UTC ISO session) as pipelinewise writes it:
 * `YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00`; undefined for values an ISO date-time cannot hold (`infinity`,
 * `-infinity`, BC, years past 9999).
 */
export function isoTimestamp(text: string): string | undefined {
  const match = TIMESTAMP.exec(text);
  if (match === null) return undefined;
  const fraction = match[3] === undefined ? '' : `.${match[3].padEnd(6, '0')}`;
  return `${match[1]}T${match[2]}${fraction}+00:00`;
}

/** True for a date an ISO date holds (years 0001 to 9999; not `infinity`, BC or years past 9999). */
export function isIsoDate(text: string): boolean {
  return DATE.test(text);
}

/** What pipelinewise writes for a timestamp a date-time cannot hold (its SELECT clamps to this). */
export const CLAMPED_TIMESTAMP = '9999-12-31T23:59:59.999000+00:00';
/** What pipelinewise writes for a date a date-time cannot hold. */
export const CLAMPED_DATE = '9999-12-31T00:00:00+00:00';
