import { formatAbout, formatVersion, type AboutInfo } from '../about/about-info';
import { readConfigSources } from '../config/env-config';
import { secretValues } from '../config/secret-values';
import { UsageError } from '../errors';
import type { LogOutput } from '../logging/logger';
import type { AboutArgs, CommonArgs } from './common-options';
import type { ConnectionTest, MainContext } from './main-context';

/** What `runAboutFlags` needs from the runMain options. */
export interface AboutFlagOptions<A> {
  readonly about?: AboutInfo;
  readonly test?: ConnectionTest<A>;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: LogOutput;
}

/** Handles `--version`, `--about` and `--test`; true when one of them ran (then `main` must not run). */
export async function runAboutFlags<A extends CommonArgs>(
  context: MainContext<A>,
  options: AboutFlagOptions<A>,
): Promise<boolean> {
  const { about } = options;
  if (about === undefined) return false;
  const flags = context.argv as A & AboutArgs;
  if (flags.version === true) {
    options.stdout.write(formatVersion(about));
    return true;
  }
  if (flags.about === true) {
    options.stdout.write(formatAbout(about, flags.format ?? 'text'));
    return true;
  }
  if (flags.test !== true || options.test === undefined) return false;
  const sources = context.argv.config ?? [];
  if (sources.length === 0) {
    throw new UsageError('--test needs --config', `run ${about.name} --config config.json --test`);
  }
  const config = readConfigSources(sources, about, options.env);
  context.logger.addSecrets(secretValues(about.configSchema, config));
  await options.test(config, context);
  context.logger.info(`${about.name}: connection test passed`);
  return true;
}
