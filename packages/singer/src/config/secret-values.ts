import { isRecord } from '../errors';
import type { ConfigSchema } from './compile-config-validator';

/** The string values of `config` at properties marked `"secret": true` or `"writeOnly": true`, for log redaction. */
export function secretValues(schema: ConfigSchema, config: unknown): string[] {
  const found: string[] = [];
  collect(schema, config, found);
  return found;
}

function collect(schema: unknown, value: unknown, found: string[]): void {
  if (!isRecord(schema)) return;
  if (schema.secret === true || schema.writeOnly === true) {
    if (typeof value === 'string' && value !== '') found.push(value);
    else if (typeof value === 'number' || typeof value === 'bigint') found.push(String(value));
    return;
  }
  if (isRecord(value) && isRecord(schema.properties)) {
    for (const [key, child] of Object.entries(schema.properties)) collect(child, value[key], found);
  }
  if (Array.isArray(value) && isRecord(schema.items)) {
    for (const item of value) collect(schema.items, item, found);
  }
}
