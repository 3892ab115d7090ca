import type { SqlType } from './sql-type';

/** A JSON Schema fragment (open: carries `x-sql-datatype`). */
export type JsonSchemaObject = Record<string, unknown>;

const INTEGER_BITS: Readonly<Record<string, number>> = { smallint: 16, integer: 32, bigint: 64 };

/** Recursive array schemas, named as pipelinewise names them, referenced from array columns. */
export const ARRAY_DEFINITIONS: Readonly<Record<string, JsonSchemaObject>> = {
  sdc_recursive_integer_array: recursive('sdc_recursive_integer_array', ['null', 'integer', 'array']),
  sdc_recursive_number_array: recursive('sdc_recursive_number_array', ['null', 'number', 'array']),
  sdc_recursive_string_array: recursive('sdc_recursive_string_array', ['null', 'string', 'array']),
  sdc_recursive_boolean_array: recursive('sdc_recursive_boolean_array', ['null', 'boolean', 'array']),
  sdc_recursive_timestamp_array: {
    ...recursive('sdc_recursive_timestamp_array', ['null', 'string', 'array']),
    format: 'date-time',
  },
  sdc_recursive_date_array: { ...recursive('sdc_recursive_date_array', ['null', 'string', 'array']), format: 'date' },
  sdc_recursive_object_array: recursive('sdc_recursive_object_array', [
    'null',
    'object',
    'array',
    'string',
    'number',
    'boolean',
  ]),
};

function recursive(name: string, type: readonly string[]): JsonSchemaObject {
  return { type: [...type], items: { $ref: `#/definitions/${name}` } };
}

const ARRAY_DEFINITION_BY_KIND: Readonly<Record<SqlType['kind'], string>> = {
  integer: 'sdc_recursive_integer_array',
  numeric: 'sdc_recursive_number_array',
  float: 'sdc_recursive_number_array',
  boolean: 'sdc_recursive_boolean_array',
  string: 'sdc_recursive_string_array',
  timestamptz: 'sdc_recursive_timestamp_array',
  timestamp: 'sdc_recursive_timestamp_array',
  date: 'sdc_recursive_date_array',
  json: 'sdc_recursive_object_array',
  hstore: 'sdc_recursive_object_array',
};

/** The JSON Schema of one column (pure); key columns are not nullable, as pipelinewise writes them. */
export function columnSchema(type: SqlType, options: { isKey: boolean }): JsonSchemaObject {
  const nullable = (types: readonly string[]): string[] => (options.isKey ? [...types] : ['null', ...types]);
  if (type.isArray) {
    return {
      type: ['null', 'array'],
      items: { $ref: `#/definitions/${ARRAY_DEFINITION_BY_KIND[type.kind]}` },
      'x-sql-datatype': type.sqlDatatype,
    };
  }
  const schema: JsonSchemaObject = {};
  switch (type.kind) {
    case 'integer': {
      const bits = INTEGER_BITS[type.base] ?? 64;
      schema.type = nullable(['integer']);
      schema.minimum = -(2 ** (bits - 1));
      schema.maximum = 2 ** (bits - 1) - 1;
      break;
    }
    case 'numeric':
      schema.type = nullable(['number']);
      if (type.scale !== undefined) schema.multipleOf = Number(`1e-${type.scale}`);
      break;
    case 'float':
      schema.type = nullable(['number']);
      break;
    case 'boolean':
      schema.type = nullable(['boolean']);
      break;
    case 'timestamptz':
    case 'timestamp':
      schema.type = nullable(['string']);
      schema.format = 'date-time';
      break;
    case 'date':
      schema.type = nullable(['string']);
      schema.format = 'date';
      break;
    case 'json':
      schema.type = nullable(['object', 'array', 'string', 'number', 'boolean']);
      break;
    case 'hstore':
      schema.type = nullable(['object']);
      schema.properties = {};
      break;
    case 'string':
      schema.type = nullable(['string']);
      if (type.length !== undefined && /^character/.test(type.base)) schema.maxLength = type.length;
      break;
  }
  schema['x-sql-datatype'] = type.sqlDatatype;
  return schema;
}
