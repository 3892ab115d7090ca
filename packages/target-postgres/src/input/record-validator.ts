import Ajv, { type ValidateFunction } from 'ajv';
import type { SchemaValidateFunction } from 'ajv/dist/types';
import addFormats from 'ajv-formats';
import { InputError } from '../errors';
import { isMultipleOf } from './decimal-multiple';
import { containsJsonNumber } from './json-number';
import { isDateText, isDateTimeText, isTimeText } from './timestamp-text';
import {
  escape,
  forEachSchema,
  plainCopy,
  removeKeywordAt,
  removeKeywords,
  renameKeyword,
  type SchemaObject,
} from './usable-schema';

/** Checks one record against its stream's schema; throws an InputError naming stream, line and JSON path. */
export type RecordValidator = (record: Readonly<Record<string, unknown>>, lineNumber: number) => void;

/** Where the validator's warnings go (a schema keyword it cannot use, an unknown format). */
export type ValidatorWarn = (message: string) => void;

const EXACT_MULTIPLE_OF = 'x-pgs-multipleOf';
/** Keywords removed one at a time before the schema is given up on (each attempt removes one). */
const MAX_REMOVALS = 1000;

let ajv: Ajv | undefined;
// ajv logs (unknown formats) synchronously while compiling: to the stream being compiled.
let warnCompiling: ValidatorWarn = () => undefined;

function createAjv(): Ajv {
  const logger = {
    log: () => undefined,
    warn: (...a: unknown[]) => warnCompiling(a.join(' ')),
    error: () => undefined,
  };
  const instance = new Ajv({ allErrors: false, strict: false, validateFormats: true, logger });
  addFormats(instance);
  // What the target loads, not only RFC 3339: naive date-times (UTC), a space for T, PostgreSQL's infinity and BC.
  instance.addFormat('date-time', isDateTimeText);
  instance.addFormat('date', isDateText);
  instance.addFormat('time', isTimeText);
  const exactMultipleOf: SchemaValidateFunction = (divisor: number, data: number) => {
    if (isMultipleOf(data, divisor)) return true;
    exactMultipleOf.errors = [{ keyword: 'multipleOf', message: `must be multiple of ${divisor}`, params: {} }];
    return false;
  };
  instance.addKeyword({ keyword: EXACT_MULTIPLE_OF, type: 'number', schemaType: 'number', validate: exactMultipleOf });
  return instance;
}

function toPlainRecord(record: Readonly<Record<string, unknown>>): unknown {
  return containsJsonNumber(record) ? plainCopy(record) : record;
}

/**
 * Compiles a stream's JSON Schema once (ajv, with formats; unknown keywords such as x-sql-datatype allowed). A
 * keyword ajv cannot use (draft-4 forms, unresolvable `$ref`s, Python-only regular expressions, an unknown
 * `$schema`) is left out with a warning naming it; a schema it still cannot compile is one clear error.
 */
export function compileRecordValidator(
  stream: string,
  schema: object,
  warn: ValidatorWarn,
  schemaLine = 0,
): RecordValidator {
  ajv ??= createAjv();
  let validate: ValidateFunction;
  try {
    validate = compileUsable(ajv, `stream ${stream}`, plainCopy(schema) as SchemaObject, warn);
  } catch (error) {
    throw unusableSchemaError(`line ${schemaLine}: stream ${stream}`, error);
  }
  return (record, lineNumber) => {
    if (validate(toPlainRecord(record))) return;
    const error = validate.errors?.[0];
    const path = `$${(error?.instancePath ?? '').replace(/\//g, '.')}`;
    throw new InputError(
      `line ${lineNumber}: stream ${stream}: record does not match its schema at ${path}: ${error?.message ?? 'invalid'}`,
      'RECORD_INVALID',
      'fix the record in the tap or the schema it sends (or turn validate_records off)',
    );
  };
}

function compileUsable(ajv: Ajv, where: string, schema: SchemaObject, warn: ValidatorWarn): ValidateFunction {
  const leftOut = (pointer: string, why: string): void =>
    warn(`${where}: validate_records: schema keyword ${pointer} left out (${why}); records are checked without it`);
  const $schema = schema.$schema;
  if ($schema !== undefined && (typeof $schema !== 'string' || ajv.getSchema($schema) === undefined)) {
    delete schema.$schema;
    leftOut('/$schema', `ajv does not know ${JSON.stringify($schema)}`);
  }
  // An async schema would make every check a promise (which reads as "valid").
  for (const pointer of removeKeywords(schema, '$async', () => true)) leftOut(pointer, 'records are checked at once');
  for (let attempt = 0; attempt < MAX_REMOVALS; attempt++) {
    if (ajv.validateSchema(schema) !== true) {
      const first = ajv.errors?.[0];
      const removed = removeKeywordAt(schema, first?.instancePath ?? '');
      if (removed === undefined) break;
      leftOut(removed, first?.message ?? 'invalid');
      continue;
    }
    const prepared = structuredClone(schema);
    renameKeyword(prepared, 'multipleOf', EXACT_MULTIPLE_OF);
    // A stream's SCHEMA sent again, or two streams, may carry one $id: the newest compile takes it.
    forEachSchema(prepared, (node) => {
      if (typeof node.$id === 'string') ajv.removeSchema(node.$id);
    });
    warnCompiling = (message) => warn(`${where}: validate_records: ${message}`);
    try {
      return ajv.compile(prepared);
    } catch (error) {
      const removed = removeCulprits(schema, error);
      if (removed.length === 0) removed.push(...removeFailingProperty(ajv, schema));
      if (removed.length === 0) throw error;
      for (const pointer of removed) leftOut(pointer, error instanceof Error ? error.message : String(error));
    } finally {
      warnCompiling = () => undefined;
    }
  }
  throw new Error(ajv.errorsText());
}

/** The keywords behind a compile error that the meta-schema did not catch. */
function removeCulprits(schema: SchemaObject, error: unknown): string[] {
  const e = error as { missingRef?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : '';
  if (typeof e.missingRef === 'string') {
    const missing = e.missingRef;
    return removeKeywords(schema, '$ref', (ref) => typeof ref === 'string' && missing.endsWith(ref));
  }
  if (/Invalid regular expression/.test(message)) {
    const removed = removeKeywords(schema, 'pattern', (p) => typeof p !== 'string' || !compiles(p));
    return [...removed, ...removeBadPatternProperties(schema)];
  }
  const unsupported = /NOT SUPPORTED: keyword "([^"]+)"/.exec(message);
  if (unsupported?.[1] !== undefined) return removeKeywords(schema, unsupported[1], () => true);
  if (error instanceof URIError || /\bURI\b/.test(message))
    return removeKeywords(schema, '$ref', (ref) => typeof ref !== 'string' || !decodes(ref));
  return [];
}

/** For an error nothing names: the first top-level property whose schema alone fails to compile, removed. */
function removeFailingProperty(ajv: Ajv, schema: SchemaObject): string[] {
  const properties = schema.properties as Record<string, unknown> | undefined;
  for (const [name, property] of Object.entries(properties ?? {})) {
    const alone: SchemaObject = { ...schema, properties: { [name]: property }, required: [] };
    delete alone.$id;
    try {
      ajv.compile(alone);
    } catch {
      delete properties?.[name];
      return [`/properties/${escape(name)}`];
    }
  }
  return [];
}

function decodes(ref: string): boolean {
  try {
    decodeURI(ref);
    return true;
  } catch {
    return false;
  }
}

function removeBadPatternProperties(schema: SchemaObject): string[] {
  return removeKeywords(schema, 'patternProperties', (map) =>
    Object.keys(typeof map === 'object' && map !== null ? map : {}).some((p) => !compiles(p)),
  );
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

function unusableSchemaError(where: string, error: unknown): InputError {
  const reason = error instanceof Error ? error.message : String(error);
  return new InputError(
    `${where}: validate_records cannot use the stream's schema: ${reason}`,
    'SCHEMA_NOT_VALIDATABLE',
    'fix the schema in the tap, or turn validate_records off',
  );
}
