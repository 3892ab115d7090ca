/** The text that replaces every secret in log lines. */
export const REDACTED = '***';

/** Replaces known secret values (raw and JSON-escaped) in text. */
export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;

  /** Adds values to hide; empty strings are ignored. */
  add(values: Iterable<string>): void {
    for (const value of values) {
      if (typeof value !== 'string' || value === '') continue;
      this.secrets.add(value);
      this.secrets.add(JSON.stringify(value).slice(1, -1));
    }
    const sorted = [...this.secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.pattern = sorted.length > 0 ? new RegExp(sorted.join('|'), 'g') : undefined;
  }

  /** The text with every secret replaced by `***`. */
  redact(text: string): string {
    return this.pattern ? text.replace(this.pattern, REDACTED) : text;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
