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
