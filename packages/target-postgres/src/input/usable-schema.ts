import { JsonNumber } from './json-number';

/** A JSON Schema object as the validator's preparation walks it. */
export type SchemaObject = Record<string, unknown>;

// Keywords whose value holds subschemas: a map of them, an array of them, or one.
const SCHEMA_MAPS = new Set([
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'dependentSchemas',
  'dependencies',
]);
const SCHEMA_ARRAYS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_ONES = new Set([
  'not',
  'additionalProperties',
  'additionalItems',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
]);

const isObject = (value: unknown): value is SchemaObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber);

/** A deep copy with exact numbers (JsonNumber, 16+ digits) as plain numbers: ajv takes a bound such as 2^63 − 1 so. */
export function plainCopy(value: unknown): unknown {
  if (value instanceof JsonNumber) return Number(value.text);
  if (Array.isArray(value)) return value.map(plainCopy);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainCopy(v)]));
  return value;
}

/** Calls visit on every subschema object (the root included) with its JSON pointer. */
export function forEachSchema(schema: unknown, visit: (node: SchemaObject, pointer: string) => void, at = ''): void {
  if (!isObject(schema)) return;
  visit(schema, at);
  for (const [keyword, value] of Object.entries(schema)) {
    const here = `${at}/${escape(keyword)}`;
    if (SCHEMA_MAPS.has(keyword) && isObject(value)) {
      for (const [name, sub] of Object.entries(value)) forEachSchema(sub, visit, `${here}/${escape(name)}`);
    } else if ((SCHEMA_ARRAYS.has(keyword) || keyword === 'items') && Array.isArray(value)) {
      value.forEach((sub, i) => forEachSchema(sub, visit, `${here}/${i}`));
    } else if (SCHEMA_ONES.has(keyword) || keyword === 'items') {
      forEachSchema(value, visit, here);
    }
  }
}

/**
 * Removes the keyword that a JSON pointer into the schema points at or into (`/properties/a/type/1` → the `type` of
 * property a); a pointer that ends at a subschema removes that subschema's entry. Returns the removed keyword's
 * pointer, or undefined when nothing could be removed.
 */
export function removeKeywordAt(schema: SchemaObject, pointer: string): string | undefined {
  const segments = pointer.split('/').slice(1).map(unescape);
  let node: SchemaObject = schema;
  let at = '';
  for (let i = 0; i < segments.length; i++) {
    const keyword = segments[i] ?? '';
    const value = node[keyword];
    const here = `${at}/${escape(keyword)}`;
    const next = segments[i + 1];
    let sub: unknown;
    let container: SchemaObject | unknown[] | undefined;
    if (next !== undefined && SCHEMA_MAPS.has(keyword) && isObject(value)) {
      sub = value[next];
      container = value;
    } else if (next !== undefined && (SCHEMA_ARRAYS.has(keyword) || keyword === 'items') && Array.isArray(value)) {
      container = value as unknown[];
      sub = container[Number(next)];
    }
    if (container !== undefined && next !== undefined) {
      if (sub === undefined) return undefined;
      if (!isObject(sub) || i + 2 === segments.length) {
        // The subschema itself is what is wrong: drop it (an array entry becomes `true`, which accepts anything).
        if (Array.isArray(container)) container[Number(next)] = true;
        else delete container[next];
        return `${here}/${escape(next)}`;
      }
      node = sub;
      at = `${here}/${escape(next)}`;
      i++;
      continue;
    }
    if ((SCHEMA_ONES.has(keyword) || keyword === 'items') && isObject(value) && next !== undefined) {
      node = value;
      at = here;
      continue;
    }
    if (!(keyword in node)) return undefined;
    delete node[keyword];
    return here;
  }
  return undefined;
}

/** Removes every occurrence of a keyword whose value the test picks; returns their pointers. */
export function removeKeywords(schema: SchemaObject, keyword: string, pick: (value: unknown) => boolean): string[] {
  const removed: string[] = [];
  forEachSchema(schema, (node, at) => {
    if (keyword in node && pick(node[keyword])) {
      delete node[keyword];
      removed.push(`${at}/${escape(keyword)}`);
    }
  });
  return removed;
}

/** Moves a keyword's value to another keyword wherever it appears (so that a custom check replaces ajv's). */
export function renameKeyword(schema: SchemaObject, from: string, to: string): void {
  forEachSchema(schema, (node) => {
    if (!(from in node)) return;
    node[to] = node[from];
    delete node[from];
  });
}

/** A name as a JSON pointer segment. */
export const escape = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');
const unescape = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');
