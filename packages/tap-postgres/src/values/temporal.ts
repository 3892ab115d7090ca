const TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?(?:\+00)?$/;

/**
 * A timestamp (with or without time zone, printed by a UTC ISO session) as pipelinewise writes it:
 * `YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00`. Values an ISO date-time cannot hold (`infinity`, `-infinity`, BC, years past
 * 9999) stay PostgreSQL's text, so that they arrive intact (they do not match `format: date-time`).
 */
export function timestampToIso(text: string): string {
  const match = TIMESTAMP.exec(text);
  if (match === null) return text;
  const fraction = match[3] === undefined ? '' : `.${match[3].padEnd(6, '0')}`;
  return `${match[1]}T${match[2]}${fraction}+00:00`;
}
