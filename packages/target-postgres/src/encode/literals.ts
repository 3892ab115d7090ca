import { JsonNumber, stringifyExact } from '../input/json-number';

/** How a value becomes PostgreSQL text input, by the column's type. */
export const VALUE_KINDS = ['text', 'number', 'boolean', 'json', 'jsonb', 'hstore', 'array'] as const;
/** One of VALUE_KINDS. */
export type ValueKind = (typeof VALUE_KINDS)[number];

/** The value kind of a column type as format_type prints it. */
export function valueKindOf(type: string): ValueKind {
  if (type.endsWith(']')) return 'array';
  if (type === 'json') return 'json';
  if (type === 'jsonb') return 'jsonb';
  if (type === 'boolean') return 'boolean';
  if (type === 'hstore' || type.endsWith('.hstore')) return 'hstore';
  if (/^(smallint|integer|bigint|real|double precision|numeric)/.test(type)) return 'number';
  return 'text';
}

/** The element kind of an array type (`integer[]` → number, `jsonb[]` → jsonb). */
export function elementKindOf(type: string): ValueKind {
  return valueKindOf(type.replace(/(\[\d*\])+$/, ''));
}

const NUL = /\0/;

/** A non-null JSON value as PostgreSQL text input for a column of the given kind (not yet COPY-escaped). */
export function toPgText(value: unknown, kind: ValueKind, elementKind: ValueKind = 'text'): string {
  switch (kind) {
    case 'json':
      return stringifyExact(value);
    case 'jsonb': {
      const text = stringifyExact(value);
      return text.includes('\\u0000') ? stringifyExact(stripNul(value)) : text;
    }
    case 'boolean':
      return value === true ? 't' : value === false ? 'f' : scalarText(value);
    case 'hstore':
      return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber)
        ? hstoreLiteral(value)
        : scalarText(value);
    case 'array':
      return Array.isArray(value) ? arrayLiteral(value, elementKind) : scalarText(value);
    default:
      return scalarText(value);
  }
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof JsonNumber) return String(value);
  return stringifyExact(value);
}

function quoteElement(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

/** A PostgreSQL array literal (`{…}`, nested for multi-dimensional arrays, NULL for null elements). */
export function arrayLiteral(values: readonly unknown[], elementKind: ValueKind): string {
  const parts = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v) && elementKind !== 'json' && elementKind !== 'jsonb') return arrayLiteral(v, elementKind);
    return quoteElement(toPgText(v, elementKind));
  });
  return `{${parts.join(',')}}`;
}

/** An hstore literal from an object of string (or null) values. */
export function hstoreLiteral(value: object): string {
  return Object.entries(value)
    .map(([k, v]) => `${quoteElement(k)}=>${v === null || v === undefined ? 'NULL' : quoteElement(scalarText(v))}`)
    .join(', ');
}

/** A copy of a JSON value with NUL characters removed from every string (jsonb cannot store them). */
export function stripNul(value: unknown): unknown {
  if (typeof value === 'string') return NUL.test(value) ? value.replace(/\0/g, '') : value;
  if (Array.isArray(value)) return value.map(stripNul);
  if (typeof value === 'object' && value !== null && !(value instanceof JsonNumber)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [stripNul(k), stripNul(v)]));
  }
  return value;
}
