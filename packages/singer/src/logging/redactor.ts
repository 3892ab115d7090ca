/** The text that replaces every secret in log lines. */
export const REDACTED = '***';

/** Characters that continue a name: a secret next to one is part of a longer word (`public-actor`, `tgt.ord`). */
const NAME_CHAR = String.raw`[\p{L}\p{N}_-]`;
/** Lines of a multi-line secret (a PEM key) at least this long are hidden wherever they occur. */
const MIN_FRAGMENT = 16;

/**
 * Replaces known secret values in text — as values, not as substrings: an occurrence is hidden when it stands on its
 * own (quoted, after `=` or `:`, between spaces, at an end), not when it is part of a longer name. So a password
 * `actor` or `ord` leaves `public-actor`, `tgt.ord_items` and `ordinal` as they are, and still never shows as a
 * value (`"actor"`, `password=actor`, `user:actor@host`). Raw and JSON-escaped forms; the long lines of multi-line
 * secrets (keys) are hidden as substrings too, since JSON escapes put letters (`\n`) right next to them.
 */
export class Redactor {
  private readonly values = new Set<string>();
  private readonly fragments = new Set<string>();
  private pattern: RegExp | undefined;

  /** Adds values to hide; empty strings are ignored. */
  add(values: Iterable<string>): void {
    for (const value of values) {
      if (typeof value !== 'string' || value === '') continue;
      this.values.add(value);
      this.values.add(JSON.stringify(value).slice(1, -1));
      if (!value.includes('\n')) continue;
      for (const line of value.split(/\r?\n/)) if (line.trim().length >= MIN_FRAGMENT) this.fragments.add(line.trim());
    }
    this.pattern = secretPattern([...this.values], [...this.fragments]);
  }

  /** The text with every secret replaced by `***`. */
  redact(text: string): string {
    return this.pattern ? text.replace(this.pattern, REDACTED) : text;
  }
}

/** One regular expression for secret values (standing on their own) and fragments (anywhere), longest first. */
export function secretPattern(values: readonly string[], fragments: readonly string[] = []): RegExp | undefined {
  const alternatives = [
    ...fragments.map((f) => ({ text: f, source: escapeRegExp(f) })),
    ...values.map((v) => ({
      text: v,
      source: String.raw`(?<!${NAME_CHAR}|\.)${escapeRegExp(v)}(?!${NAME_CHAR}|\.${NAME_CHAR})`,
    })),
  ].sort((a, b) => b.text.length - a.text.length);
  return alternatives.length > 0 ? new RegExp(alternatives.map((a) => a.source).join('|'), 'gu') : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
