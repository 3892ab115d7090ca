import type { TemporalFormat } from '../config';
import type { SqlType } from './sql-type';

/** A JSON Schema fragment (open: carries `x-sql-datatype`; 64-bit bounds are bigints, written as exact numbers). */
export type JsonSchemaObject = Record<string, unknown>;

/** Options of columnSchema. */
export interface ColumnSchemaOptions {
  readonly isKey: boolean;
  readonly temporalFormat: TemporalFormat;
}

// Bounds as pipelinewise prints them: exact (a double would print 2^63 - 1 as 9223372036854776000).
const INTEGER_BOUNDS: Readonly<Record<string, readonly [number | bigint, number | bigint]>> = {
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
};

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
  time: 'sdc_recursive_string_array',
  json: 'sdc_recursive_object_array',
  hstore: 'sdc_recursive_object_array',
};

/** The recursive definition an array column's items refer to (pipelinewise spells dates as date-times). */
function arrayDefinition(type: SqlType, temporalFormat: TemporalFormat): string {
  if (type.kind === 'date' && temporalFormat === 'pipelinewise') return 'sdc_recursive_timestamp_array';
  return ARRAY_DEFINITION_BY_KIND[type.kind];
}

/** `multipleOf` of a numeric scale, as an exactly printed number (`0.01`; a negative scale gives `100`). */
function multipleOfScale(scale: number): number {
  return Number(scale >= 0 ? `1e-${scale}` : `1e${-scale}`);
}

/** The JSON Schema of one column (pure); key columns are not nullable, as pipelinewise writes them. */
export function columnSchema(type: SqlType, options: ColumnSchemaOptions): JsonSchemaObject {
  const nullable = (types: readonly string[]): string[] => (options.isKey ? [...types] : ['null', ...types]);
  if (type.isArray) {
    return {
      type: ['null', 'array'],
      items: { $ref: `#/definitions/${arrayDefinition(type, options.temporalFormat)}` },
      'x-sql-datatype': type.sqlDatatype,
    };
  }
  const pipelinewise = options.temporalFormat === 'pipelinewise';
  const schema: JsonSchemaObject = {};
  switch (type.kind) {
    case 'integer': {
      const [minimum, maximum] = INTEGER_BOUNDS[type.base] ?? INTEGER_BOUNDS.bigint;
      schema.type = nullable(['integer']);
      schema.minimum = minimum;
      schema.maximum = maximum;
      break;
    }
    case 'numeric':
      schema.type = nullable(['number']);
      if (type.scale !== undefined) schema.multipleOf = multipleOfScale(type.scale);
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
      schema.format = pipelinewise ? 'date-time' : 'date';
      break;
    case 'time':
      schema.type = nullable(['string']);
      if (pipelinewise) schema.format = 'time';
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
