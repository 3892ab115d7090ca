/** A known target error: runMain prints one line with the fix and exits 1. */
export class TargetError extends Error {
  readonly known = true;
  constructor(
    message: string,
    readonly code: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A schema the target cannot map to a table. */
export class SchemaError extends TargetError {
  constructor(message: string, fix: string) {
    super(message, 'SCHEMA_INVALID', fix);
  }
}

/** A bad message or value on a given input line. */
export class InputError extends TargetError {
  constructor(message: string, code: string, fix: string) {
    super(message, code, fix);
  }
}

/** A batch that PostgreSQL refused. */
export class LoadError extends TargetError {
  constructor(message: string, fix: string) {
    super(message, 'LOAD_FAILED', fix);
  }
}

/** A RECORD or ACTIVATE_VERSION for a stream that had no SCHEMA. */
export function unknownStreamError(
  type: 'RECORD' | 'ACTIVATE_VERSION',
  stream: string,
  lineNumber: number,
): InputError {
  return type === 'RECORD'
    ? new InputError(
        `line ${lineNumber}: RECORD for unknown stream ${stream} (no SCHEMA before it)`,
        'RECORD_BEFORE_SCHEMA',
        'the tap must send a SCHEMA message for a stream before its records',
      )
    : new InputError(
        `line ${lineNumber}: ACTIVATE_VERSION for unknown stream ${stream}`,
        'UNKNOWN_STREAM',
        'the tap must send SCHEMA first',
      );
}

/** A BATCH message (not supported). */
export function batchUnsupportedError(stream: string, lineNumber: number): InputError {
  return new InputError(
    `line ${lineNumber}: stream ${stream}: BATCH messages are not supported`,
    'BATCH_UNSUPPORTED',
    'run the tap without batch mode so that it sends RECORD messages',
  );
}

/** A RECORD for a stream whose SCHEMA did not produce a table (it failed). */
export function recordBeforeSchemaError(stream: string, lineNumber: number): InputError {
  return new InputError(
    `line ${lineNumber}: RECORD for stream ${stream} before its SCHEMA`,
    'RECORD_BEFORE_SCHEMA',
    'the tap must send SCHEMA first',
  );
}

/** A record without a value for one of its stream's key properties. */
export function keyMissingError(stream: string, keys: readonly string[], lineNumber: number): InputError {
  return new InputError(
    `line ${lineNumber}: stream ${stream}: record has no value for key properties ${JSON.stringify(keys)}`,
    'RECORD_KEY_MISSING',
    'every record must carry its key properties',
  );
}
