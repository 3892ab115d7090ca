import { constants } from 'node:os';
import yargs, { type Argv } from 'yargs';
import { isKnownError, SingerError, UsageError } from '../errors';
import { logSettingsFrom } from '../logging/log-level';
import { createLogger, type Logger, type LogOutput } from '../logging/logger';
import { sdkLogConfigSettings } from '../logging/sdk-log-config';
import type { AboutInfo } from '../about/about-info';
import { aboutOptions, commonOptions, type CommonArgs } from './common-options';
import type { ConnectionTest, MainContext } from './main-context';
import { runAboutFlags } from './run-about-flags';

/** Options of `runMain`. */
export interface RunMainOptions<A> {
  /** Declares the CLI's own options on a parser that already has `commonOptions`. */
  readonly options?: (parser: Argv<CommonArgs>) => Argv<A>;
  /** Command-line arguments (default `process.argv.slice(2)`). */
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Where logs go (default stderr). */
  readonly logOutput?: LogOutput;
  /** Enables `--about`, `--format`, `--version`; its schema and prefix drive `--config ENV` (`readConfigSources`). */
  readonly about?: AboutInfo;
  /**
   * Enables `--test`: called with the merged raw config (files and `ENV`; secrets already added to the logger)
   * instead of `main`; connect, check permissions, throw a known error on a problem. Needs `about`.
   */
  readonly test?: ConnectionTest<A>;
  /** Where `--help`, `--about` and `--version` print (default stdout). */
  readonly stdout?: LogOutput;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Runs a CLI: parses args, makes the logger, maps errors and signals to exit codes; sets `process.exitCode`. */
export async function runMain<A extends CommonArgs = CommonArgs>(
  name: string,
  main: (context: MainContext<A>) => Promise<void>,
  options: RunMainOptions<A> = {},
): Promise<number> {
  const env = options.env ?? process.env;
  const output = options.logOutput ?? process.stderr;
  const controller = new AbortController();
  let logger = createLogger({ name, output });
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received !== undefined) {
      logger.warn(`received ${signal} again, stopping now`);
      process.exit(signalExitCode(received));
    }
    received = signal;
    logger.info(`received ${signal}, finishing the current batch before stopping`);
    controller.abort(new SingerError(`stopped by ${signal}`, 'SIGNAL'));
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  let code: number;
  try {
    const stdout = options.stdout ?? process.stdout;
    const argv = await parseArgs(name, options, stdout);
    if (argv === undefined) {
      code = 0;
    } else {
      logger = createLogger({ name, output, ...logSettingsFrom(argv, env, sdkLogConfigSettings(env)) });
      const context = { signal: controller.signal, logger, argv };
      if (!(await runAboutFlags(context, { ...options, env, stdout }))) await main(context);
      code = received === undefined ? 0 : signalExitCode(received);
    }
  } catch (error) {
    code =
      received !== undefined && isAbort(error, controller.signal) ? signalExitCode(received) : report(logger, error);
  } finally {
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  }
  process.exitCode = code;
  return code;
}

/** 128 + the signal's number, as shells report a process stopped by it. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/** Logs a failure as one CRITICAL line (a stack for unknown errors); the known error's exit code (usage: 2), else 1. */
function report(logger: Logger, error: unknown): number {
  if (isKnownError(error)) {
    logger.critical(error.fix ? `${error.message} — ${error.fix}` : error.message);
    return typeof error.exitCode === 'number' && error.exitCode > 0 ? error.exitCode : 1;
  } else if (error instanceof Error) {
    // JSON lines carry the stack as the SDK's structured `exception`; text lines print it.
    const json = logger.format === 'json';
    logger.critical(json ? `${error.name}: ${error.message}` : (error.stack ?? String(error)), { exception: error });
  } else {
    logger.critical(`unexpected error: ${String(error)}`);
  }
  return 1;
}

function isAbort(error: unknown, signal: AbortSignal): boolean {
  return error === signal.reason || (error instanceof Error && error.name === 'AbortError');
}

async function parseArgs<A>(name: string, options: RunMainOptions<A>, help: LogOutput): Promise<A | undefined> {
  const common = commonOptions(yargs().scriptName(name).exitProcess(false).strict().help().version(false));
  const base = options.about ? aboutOptions(common, { test: options.test !== undefined }) : common;
  const parser = options.options ? options.options(base) : (base as unknown as Argv<A>);
  const args = [...(options.args ?? process.argv.slice(2))];
  let printed = '';
  const argv = await new Promise<A>((resolve, reject) => {
    void parser.parse(args, {}, (error: Error | null | undefined, parsed: unknown, text: string) => {
      printed = text;
      if (error) reject(new UsageError(`${name}: ${error.message}`, `see ${name} --help`));
      else resolve(parsed as A);
    });
  });
  if (printed !== '') {
    help.write(`${printed}\n`);
    return undefined;
  }
  return argv;
}
