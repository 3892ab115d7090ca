import { describeTarget } from '@pgsinger/postgres';
import {
  ConfigError,
  MessageWriter,
  readCatalogFile,
  readConfigSources,
  readStateFile,
  runMain,
  secretValues,
  type Catalog,
  type CommonArgs,
  type MainContext,
  type State,
} from '@pgsinger/singer';
import { TAP_ABOUT } from './about';
import { testTapConnection } from './connection-test';
import { connectionSettings, filterSchemas, tapConfigSchema, validateTapConfig } from './config';
import { syncStreams } from './coordinator';
import { discover } from './discovery/discover';
import { toQueryError } from './query-error';
import { runMergeStep, runPartitionStep, runPlanStep } from './partition/partition-commands';
import { scaleOutStep } from './partition/scale-out-step';
import { connectTap } from './tap-session';

/** Command-line arguments of tap-postgres (the Singer tap conventions). */
export interface TapArgs extends CommonArgs {
  readonly state?: string;
  readonly catalog?: string;
  readonly properties?: string;
  readonly discover?: boolean;
  /** Scale-out (docs/scale-out.md): plan N partitions, run one, or merge their states. */
  readonly planPartitions?: number;
  readonly plan?: string;
  readonly partition?: number;
  readonly mergeStates?: string[];
}

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
    throw new ConfigError('--config is required', 'CONFIG_MISSING', 'pass -c config.json');
  }
  const config = validateTapConfig(readConfigSources(argv.config, TAP_ABOUT), logger);
  logger.addSecrets(secretValues(tapConfigSchema, config));
  let catalog: Catalog | undefined;
  if (!argv.discover) {
    if (argv.catalog !== undefined) catalog = readCatalogFile(argv.catalog, '--catalog');
    else if (argv.properties !== undefined) catalog = readCatalogFile(argv.properties, '--properties');
    if (catalog === undefined) {
      logger.info('No properties were selected');
      return;
    }
  }
  const state: State = argv.state === undefined ? { bookmarks: {} } : readStateFile(argv.state, '--state');
  const writer = new MessageWriter();
  const client = await connectTap(connectionSettings(config), 'text');
  try {
    if (catalog === undefined) {
      const discovered = await discover(client, {
        schemas: filterSchemas(config),
        includePartitions: config.discover_partitions,
      });
      await writer.writeLine(JSON.stringify(discovered, null, 2));
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

/** Entry point of the `tap-postgres` bin. */
export function main(): void {
  void runMain<TapArgs>('tap-postgres', runTap, {
    about: TAP_ABOUT,
    test: (config, { logger }) => testTapConnection(config, logger),
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
