/** JSON as Python's `json.dumps` writes it (`", "` and `": "` separators), for singer-python-like METRIC lines. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => pythonJson(item)).join(', ')}]`;
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => `${JSON.stringify(key)}: ${pythonJson(item)}`);
    return `{${parts.join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
