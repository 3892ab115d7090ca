/** A JSON number kept as its digit text because a double would round it (more than 15 significant digits). */
export class JsonNumber {
  constructor(readonly text: string) {}
  /** The text, so that String(value) and template literals give the exact digits. */
  toString(): string {
    return this.text;
  }
  /** The rounded double, for callers that need a JS number (validation). */
  valueOf(): number {
    return Number(this.text);
  }
}

/** JSON text of a parsed value, writing JsonNumber digits as they came. */
export function stringifyExact(value: unknown): string {
  if (value instanceof JsonNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stringifyExact(v))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value))
      if (v !== undefined) parts.push(`${JSON.stringify(k)}:${stringifyExact(v)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** True when a value tree holds a JsonNumber (so JSON.stringify alone would not do). */
export function containsJsonNumber(value: unknown): boolean {
  if (value instanceof JsonNumber) return true;
  if (Array.isArray(value)) return value.some(containsJsonNumber);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsJsonNumber);
  return false;
}
