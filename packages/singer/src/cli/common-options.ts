import type { Argv } from 'yargs';

/** The options every CLI of this project takes. */
export interface CommonArgs {
  /** Config files (or `ENV`), merged in order (later wins). */
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
      describe: 'Config JSON file, or ENV to read <PREFIX>_* environment variables; repeat to merge (later wins)',
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

/** The Meltano SDK flags `runMain` adds when given an `AboutInfo`. */
export interface AboutArgs {
  readonly about?: boolean;
  readonly format?: string;
  readonly version?: boolean;
  /** Only when the CLI gives runMain a `test` hook. */
  readonly test?: boolean;
}

/** Adds `--about`, `--format json|markdown|text`, `--version` and (with `test`) `--test` to a yargs parser. */
export function aboutOptions<T>(parser: Argv<T>, options: { readonly test?: boolean } = {}): Argv<T & AboutArgs> {
  const withAbout = parser
    .option('about', { type: 'boolean', describe: 'Print the name, version, capabilities and settings, then exit' })
    .option('format', {
      type: 'string',
      requiresArg: true,
      choices: ['text', 'json', 'markdown'],
      describe: 'Format of --about (default text)',
    })
    .option('version', { type: 'boolean', describe: 'Print the version, then exit' });
  if (!options.test) return withAbout;
  return withAbout.option('test', {
    type: 'boolean',
    describe: 'Connect with the --config settings, check permissions, exit 0 or with the problem',
  });
}
