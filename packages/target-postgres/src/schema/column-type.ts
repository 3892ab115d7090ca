import { formatOf, jsonTypes, type JsonSchemaProperty } from './json-schema';

/** The column type for a property from its JSON Schema alone (no `x-sql-datatype`); never double precision. */
export function columnTypeFromJsonSchema(property: JsonSchemaProperty): string {
  const types = jsonTypes(property);
  if (types.includes('object') || types.includes('array')) return 'jsonb';
  if (types.length > 1) return types.every((t) => t === 'integer' || t === 'number') ? 'numeric' : 'text';
  const format = formatOf(property);
  switch (types[0]) {
    case 'integer':
      return integerType(property);
    case 'number':
      return 'numeric';
    case 'boolean':
      return 'boolean';
    case 'string':
      if (format === 'date-time') return 'timestamp with time zone';
      if (format === 'date') return 'date';
      if (format === 'time') return 'time without time zone';
      return 'text';
    default:
      return 'text';
  }
}

function integerType(property: JsonSchemaProperty): string {
  const { minimum, maximum } = property;
  if (minimum === undefined || maximum === undefined) return 'bigint';
  if (minimum >= -32768 && maximum <= 32767) return 'smallint';
  if (minimum >= -2147483648 && maximum <= 2147483647) return 'integer';
  if (minimum >= -(2 ** 63) && maximum <= 2 ** 63) return 'bigint';
  return 'numeric';
}

/**
 * The column type when the destination lacks the declared one: an array of a type it lacks (an enum, a composite,
 * PostGIS geometry) stays an array, of text; anything else is derived from the JSON Schema.
 */
export function fallbackColumnType(property: JsonSchemaProperty): string {
  const declared = declaredSqlType(property);
  if (declared !== undefined && declared.endsWith('[]')) return 'text[]';
  return columnTypeFromJsonSchema(property);
}

/** The `x-sql-datatype` of a property, trimmed, or undefined. */
export function declaredSqlType(property: JsonSchemaProperty): string | undefined {
  const declared = property['x-sql-datatype'];
  return typeof declared === 'string' && declared.trim() !== '' ? declared.trim() : undefined;
}
