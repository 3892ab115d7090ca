import { describeTarget } from '@pgsinger/postgres';
import {
  MessageWriter,
  readConfigSources,
  readStateFile,
  runMain,
  secretValues,
  stringifyJson,
  type Catalog,
  type Logger,
  type MainContext,
  type State,
  UsageError,
} from '@pgsinger/singer';
import { TAP_ABOUT } from './about';
import { testTapConnection } from './connection-test';
import { connectionSettings, filterSchemas, tapConfigSchema, validateTapConfig } from './config';
import { syncStreams } from './coordinator';
import { discover } from './discovery/discover';
import { toQueryError } from './query-error';
import { runMergeStep, runPartitionStep, runPlanStep } from './partition/partition-commands';
import { scaleOutStep } from './partition/scale-out-step';
import { catalogArgument, type TapArgs } from './tap-args';
import { connectTap } from './tap-session';

export type { TapArgs } from './tap-args';

/** Runs the tap: `--discover` prints the catalog; with `--catalog`/`--properties` syncs the selected streams. */
export async function runTap({ argv, logger, signal }: MainContext<TapArgs>): Promise<void> {
  const step = scaleOutStep(argv);
  if (step === 'merge') {
    const out = new MessageWriter();
    await out.writeLine(runMergeStep(argv.plan ?? '', argv.mergeStates ?? [], logger));
    await out.close();
    return;
  }
  if (!argv.config || argv.config.length === 0) {
    throw new UsageError('--config is required', 'pass -c config.json');
  }
  const config = validateTapConfig(readConfigSources(argv.config, TAP_ABOUT), logger);
  logger.addSecrets(secretValues(tapConfigSchema, config));
  const catalog: Catalog | undefined = argv.discover === true ? undefined : catalogArgument(argv);
  if (argv.discover !== true && catalog === undefined) {
    logger.info('No properties were selected');
    return;
  }
  const state: State = argv.state === undefined ? { bookmarks: {} } : readStateFile(argv.state, '--state');
  const writer: MessageWriter = new MessageWriter(process.stdout, {
    onClosed: () => readerGone(logger, writer.linesWritten, catalog === undefined ? 'catalog lines' : 'messages'),
  });
  const client = await connectTap(connectionSettings(config), 'text');
  logger.debug(`connected to ${describeTarget(connectionSettings(config))} as ${config.user}`);
  try {
    if (catalog === undefined) {
      const discovered = await discover(client, {
        schemas: filterSchemas(config),
        includePartitions: config.discover_partitions,
        temporalFormat: config.temporal_format,
      });
      await writer.writeLine(stringifyJson(discovered, 2));
    } else if (step === 'plan') {
      await runPlanStep({ client, catalog, state, config, writer, logger, signal }, argv.planPartitions ?? 1);
    } else if (step === 'partition') {
      await runPartitionStep(
        { client, catalog, state, config, writer, logger, signal },
        argv.plan ?? '',
        argv.partition,
      );
    } else {
      await syncStreams({ client, catalog, state, config, writer, logger, signal });
    }
    await writer.close();
  } catch (error) {
    await writer.close().catch(() => undefined);
    throw toQueryError(error, describeTarget(connectionSettings(config)));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Stdout's reader has gone (`| head`, a target that exited or was killed): nothing more can be delivered, so the tap
 * stops at once with exit 0 — after one line saying so, for the operator reading the logs.
 */
function readerGone(logger: Logger, lines: number, what: string): void {
  logger.warn(
    `stdout was closed by its reader after ${lines} ${what} had been written (the reader may not have read the last ` +
      'of them); stopping — if a target was reading, its own exit code and log say why it stopped',
  );
  process.exitCode = 0;
  process.exit(0);
}

/** Entry point of the `tap-postgres` bin. */
export function main(): void {
  void runMain<TapArgs>('tap-postgres', runTap, {
    about: TAP_ABOUT,
    test: testTapConnection,
    options: (parser) =>
      parser
        .option('state', { alias: 's', type: 'string', requiresArg: true, describe: 'State file' })
        .option('catalog', { type: 'string', requiresArg: true, describe: 'Catalog file' })
        .option('properties', { alias: 'p', type: 'string', requiresArg: true, describe: 'Catalog file (older name)' })
        .option('discover', { alias: 'd', type: 'boolean', describe: 'Print the catalog of the database' })
        .option('plan-partitions', {
          type: 'number',
          requiresArg: true,
          describe: 'Print a plan splitting the first copy of the selected streams into N partitions',
        })
        .option('plan', { type: 'string', requiresArg: true, describe: 'Plan file: run one partition, or merge' })
        .option('partition', { type: 'number', requiresArg: true, describe: 'Partition index (0…N-1) to run' })
        .option('merge-states', {
          type: 'array',
          string: true,
          requiresArg: true,
          describe: "Merge the partitions' states into the state a normal run continues from",
        }),
  });
}
