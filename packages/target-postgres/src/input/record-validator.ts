import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { InputError } from '../errors';
import { containsJsonNumber, JsonNumber } from './json-number';

/** Checks one record against its stream's schema; throws an InputError naming stream, line and JSON path. */
export type RecordValidator = (record: Readonly<Record<string, unknown>>, lineNumber: number) => void;

let ajv: Ajv | undefined;

function createAjv(): Ajv {
  const instance = new Ajv({ allErrors: false, strict: false, validateFormats: true });
  addFormats(instance);
  return instance;
}

function toPlain(value: unknown): unknown {
  if (value instanceof JsonNumber) return Number(value.text);
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  return value;
}

/** Compiles a stream's JSON Schema once (ajv, with formats; unknown keywords such as x-sql-datatype allowed). */
export function compileRecordValidator(stream: string, schema: object): RecordValidator {
  ajv ??= createAjv();
  const validate = ajv.compile(schema);
  return (record, lineNumber) => {
    const value = containsJsonNumber(record) ? toPlain(record) : record;
    if (validate(value)) return;
    const error = validate.errors?.[0];
    const path = `$${(error?.instancePath ?? '').replace(/\//g, '.')}`;
    throw new InputError(
      `line ${lineNumber}: stream ${stream}: record does not match its schema at ${path}: ${error?.message ?? 'invalid'}`,
      'RECORD_INVALID',
      'fix the record in the tap or the schema it sends (or turn validate_records off)',
    );
  };
}
