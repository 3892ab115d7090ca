import { isRecord } from '../errors';
import type { ConfigSchema } from './compile-config-validator';

/** One setting of a config JSON Schema, flattened for docs, `--about` and Meltano plugin definitions. */
export interface SettingInfo {
  /** Dotted path (`ssh_tunnel.host` for nested object properties). */
  readonly name: string;
  /** JSON Schema type(s) as text: `string`, `integer`, `boolean \| string`, `enum`, `object`, `array`. */
  readonly type: string;
  readonly required: boolean;
  readonly secret: boolean;
  readonly default?: unknown;
  readonly description?: string;
  /** The canonical key when the description starts with `alias of <key>`. */
  readonly aliasOf?: string;
  /** Allowed values of an `enum` setting. */
  readonly enum?: readonly unknown[];
}

/** Flattens a config schema's properties (nested object properties too, as `parent.child`) in declaration order. */
export function describeSettings(schema: ConfigSchema, parent = ''): SettingInfo[] {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = new Set(
    Array.isArray(schema.required) ? schema.required.filter((key) => typeof key === 'string') : [],
  );
  const settings: SettingInfo[] = [];
  for (const [key, child] of Object.entries(properties)) {
    if (!isRecord(child)) continue;
    const name = parent === '' ? key : `${parent}.${key}`;
    const description = typeof child.description === 'string' ? child.description : undefined;
    const aliasOf = description === undefined ? undefined : /^alias of ([\w.]+)/.exec(description)?.[1];
    settings.push({
      name,
      type: schemaType(child),
      required: required.has(key),
      secret: child.secret === true || child.writeOnly === true,
      ...(child.default === undefined ? {} : { default: child.default }),
      ...(description === undefined ? {} : { description }),
      ...(aliasOf === undefined ? {} : { aliasOf }),
      ...(Array.isArray(child.enum) ? { enum: child.enum } : {}),
    });
    if (isRecord(child.properties)) settings.push(...describeSettings(child, name));
  }
  return settings;
}

/** The JSON Schema type of a property as text (`enum` values are described by `SettingInfo.enum`). */
export function schemaType(schema: Readonly<Record<string, unknown>>): string {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (Array.isArray(schema.enum)) return typeof schema.enum[0] === 'number' ? 'integer' : 'string';
  const variants = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (variants !== undefined) {
    return [...new Set(variants.map((variant) => (isRecord(variant) ? schemaType(variant) : 'unknown')))].join(' | ');
  }
  if (isRecord(schema.properties) || isRecord(schema.additionalProperties)) return 'object';
  return 'unknown';
}

/** Whether a property takes a list of strings (alone or besides a comma-separated string). */
export function isStringArraySchema(schema: Readonly<Record<string, unknown>>): boolean {
  const items = (variant: unknown): boolean =>
    isRecord(variant) && variant.type === 'array' && isRecord(variant.items) && variant.items.type === 'string';
  if (items(schema)) return true;
  const variants = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : [];
  return variants.some(items);
}
