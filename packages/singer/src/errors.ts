/** Base of every error the user can fix: `runMain` prints its message and fix on one line, without a stack. */
export class SingerError extends Error {
  /** Marks the error as known to `runMain` (duck-typed so other packages need not import this class). */
  readonly known = true as const;

  /** The process exit code `runMain` ends with (1 unless a CLI documents another one for this error). */
  readonly exitCode: number;

  constructor(
    message: string,
    readonly code: string,
    readonly fix?: string,
    options?: { cause?: unknown; exitCode?: number },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = options?.exitCode ?? 1;
  }
}

/** The exit code of a usage error (no or unknown arguments), as Python's argparse exits: wrappers test for it. */
export const USAGE_EXIT_CODE = 2;

/** A command line the CLI cannot run (missing `--config`, an unknown flag): `runMain` exits with USAGE_EXIT_CODE. */
export class UsageError extends SingerError {
  constructor(message: string, fix?: string) {
    super(message, 'USAGE', fix, { exitCode: USAGE_EXIT_CODE });
  }
}

/** One problem found in a config, with its JSON path. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

/** A config file that cannot be read or a config that does not validate. */
export class ConfigError extends SingerError {
  constructor(
    message: string,
    code = 'CONFIG_INVALID',
    fix?: string,
    readonly problems: readonly ConfigProblem[] = [],
  ) {
    super(message, code, fix);
  }
}

/** A line of Singer input that is not a valid message; carries its 1-based line number. */
export class MessageParseError extends SingerError {
  constructor(
    message: string,
    readonly lineNumber: number,
    code = 'MESSAGE_INVALID',
    fix?: string,
  ) {
    super(`line ${lineNumber}: ${message}`, code, fix);
  }
}

/** A catalog file that cannot be read or has the wrong shape. */
export class CatalogError extends SingerError {
  constructor(message: string, code = 'CATALOG_INVALID', fix?: string) {
    super(message, code, fix);
  }
}

/** A state file that cannot be read or has the wrong shape. */
export class StateError extends SingerError {
  constructor(message: string, code = 'STATE_INVALID', fix?: string) {
    super(message, code, fix);
  }
}

/** The shape `runMain` recognises as a known error. */
export interface KnownError {
  readonly known: true;
  readonly message: string;
  readonly code?: string;
  readonly fix?: string;
  readonly exitCode?: number;
}

/** True for any error object with `known === true` (from this package or another one). */
export function isKnownError(error: unknown): error is KnownError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { known?: unknown }).known === true &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** True for plain JSON objects (not arrays, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
