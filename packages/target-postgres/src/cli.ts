import { describeTarget } from '@pgsinger/postgres';
import {
  MessageWriter,
  readConfigSources,
  runMain,
  secretValues,
  UsageError,
  type MainContext,
} from '@pgsinger/singer';
import { TARGET_ABOUT } from './about';
import { testTargetConnection, type TargetArgs } from './connection-test';
import { resolveSettings, targetConfigSchema } from './config';
import { ConnectionPool } from './load/connection-pool';
import { openInput } from './input/open-input';
import { Target } from './target';
import { connectTarget } from './target-session';

/** Runs the target: config from --config files, Singer messages on stdin, state lines on stdout. */
export async function runTargetCli(context: MainContext<TargetArgs>): Promise<void> {
  const { logger, signal, argv } = context;
  const paths = argv.config ?? [];
  if (paths.length === 0) throw new UsageError('no --config given', 'run target-postgres --config config.json');
  const raw = readConfigSources(paths, TARGET_ABOUT);
  // Secrets (password, SSH keys and passphrases, TLS keys) are redacted from every log line, config errors included.
  logger.addSecrets(secretValues(targetConfigSchema, raw));
  const settings = resolveSettings(raw, logger);
  const pool = new ConnectionPool(
    () => connectTarget(settings.config),
    settings.workers,
    describeTarget(settings.config),
  );
  const writer = new MessageWriter(process.stdout);
  try {
    await new Target({ settings, logger, pool, writer, signal }).run(openInput());
  } finally {
    await writer.close();
    await pool.close();
  }
}

/** Entry point of bin/target-postgres. */
export function main(): void {
  void runMain<TargetArgs>('target-postgres', runTargetCli, {
    about: TARGET_ABOUT,
    test: testTargetConnection,
    options: (parser) =>
      parser.option('catalog', {
        type: 'string',
        requiresArg: true,
        describe: "With --test: the tap's catalog; only its selected streams' tables are checked",
      }),
  });
}
