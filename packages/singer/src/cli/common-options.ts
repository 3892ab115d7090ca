import type { Argv } from 'yargs';

/** The options every CLI of this project takes. */
export interface CommonArgs {
  /** Config files, merged in order (later wins). */
  readonly config?: string[];
  readonly 'log-level'?: string;
  readonly 'log-format'?: string;
}

/** Adds `-c/--config` (several files), `--log-level` and `--log-format` to a yargs parser. */
export function commonOptions<T>(parser: Argv<T>): Argv<T & CommonArgs> {
  return parser
    .option('config', {
      alias: 'c',
      type: 'string',
      array: true,
      requiresArg: true,
      describe: 'Config JSON file; give it several times to merge files (later files win)',
    })
    .option('log-level', {
      type: 'string',
      requiresArg: true,
      describe: 'debug, info, warn, error or critical (default: LOG_LEVEL or info)',
    })
    .option('log-format', {
      type: 'string',
      requiresArg: true,
      describe: 'text or json lines on stderr (default: LOG_FORMAT or text)',
    });
}
