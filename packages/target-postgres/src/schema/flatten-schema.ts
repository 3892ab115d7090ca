import { SchemaError } from '../errors';
import { columnNameFor } from './naming';
import type { ColumnSpec } from './column-spec';
import { columnTypeFromJsonSchema, declaredSqlType } from './column-type';
import { isFlattenableObject, type JsonSchemaProperty } from './json-schema';

/** Options for flattenSchema. */
export interface FlattenOptions {
  readonly stream: string;
  readonly maxLevel: number;
}

/** Turns a stream's object schema into columns: objects flattened to `parent__child` down to maxLevel levels. */
export function flattenSchema(schema: JsonSchemaProperty, options: FlattenOptions): ColumnSpec[] {
  const columns: ColumnSpec[] = [];
  const walk = (
    props: Readonly<Record<string, JsonSchemaProperty>>,
    parent: readonly string[],
    level: number,
  ): void => {
    for (const [key, property] of Object.entries(props)) {
      const path = [...parent, key];
      if (isFlattenableObject(property) && level < options.maxLevel && property.properties !== undefined) {
        walk(property.properties, path, level + 1);
        continue;
      }
      const declared = declaredSqlType(property);
      columns.push({
        name: columnNameFor(path),
        path,
        property,
        type: declared ?? columnTypeFromJsonSchema(property),
        soft: declared === undefined,
        source: 'property',
      });
    }
  };
  walk(schema.properties ?? {}, [], 0);
  assertNoCollisions(columns, options.stream);
  return columns;
}

/** Throws when two properties normalise to the same column name. */
export function assertNoCollisions(columns: readonly ColumnSpec[], stream: string): void {
  const seen = new Map<string, string>();
  for (const column of columns) {
    const label = column.path.join('.');
    const other = seen.get(column.name);
    if (other !== undefined) {
      throw new SchemaError(
        `stream ${stream}: properties "${other}" and "${label}" both map to column "${column.name}"`,
        'rename one of the properties in the tap (or select only one of them)',
      );
    }
    seen.set(column.name, label);
  }
}
