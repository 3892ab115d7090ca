import type { SelectQuery } from './select-query';

/** Prefix of the transaction-local settings that carry a COPY's parameters. */
const PARAMETER_SETTING = 'pgsinger.param_';

/** A SELECT as COPY runs it: COPY takes no bind parameters, so each `$n` reads a setting made just before. */
export interface CopyStatement {
  /** Sets the transaction-local settings from the query's values (undefined when it has none). */
  readonly settings?: SelectQuery;
  /** `COPY (<the query>) TO STDOUT`, each `$n` read back with current_setting(). */
  readonly copy: string;
}

/**
 * The COPY statement of a query (pure). The values still travel as bind parameters, of a set_config() call in the
 * same transaction, never in the SQL text; the query's own casts (`$1::bigint`) type them as before. `$n` inside a
 * quoted identifier or literal is text, not a parameter.
 */
export function copyStatement(query: SelectQuery): CopyStatement {
  const copy = `COPY (${replaceParameters(query.text, (n) => `current_setting('${PARAMETER_SETTING}${n}')`)}) TO STDOUT`;
  if (query.values.length === 0) return { copy };
  const calls = query.values.map((_, i) => `set_config('${PARAMETER_SETTING}${i + 1}', $${i + 1}::text, true)`);
  const values = query.values.map((value) => String(value));
  return { settings: { text: `SELECT ${calls.join(', ')}`, values }, copy };
}

/** The text with every parameter reference `$n` outside quotes replaced. */
function replaceParameters(text: string, replacement: (n: number) => string): string {
  let out = '';
  let pos = 0;
  while (pos < text.length) {
    const c = text[pos];
    if (c === '"' || c === "'") {
      const close = closingQuote(text, pos);
      out += text.slice(pos, close);
      pos = close;
    } else if (c === '$' && /\d/.test(text[pos + 1] ?? '')) {
      let end = pos + 1;
      while (end < text.length && /\d/.test(text[end])) end += 1;
      out += replacement(Number(text.slice(pos + 1, end)));
      pos = end;
    } else {
      out += c;
      pos += 1;
    }
  }
  return out;
}

/** The position after the quoted text opening at `open` (a doubled quote stays inside). */
function closingQuote(text: string, open: number): number {
  const quote = text[open];
  let pos = open + 1;
  while (pos < text.length) {
    if (text[pos] === quote) {
      if (text[pos + 1] !== quote) return pos + 1;
      pos += 2;
    } else pos += 1;
  }
  return pos;
}
