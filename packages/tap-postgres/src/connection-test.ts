import { isStreamSelected, SingerError, type Catalog, type Logger, type MainContext } from '@pgsinger/singer';
import type { ClientBase } from 'pg';
import { connectionSettings, filterSchemas, validateTapConfig, type TapConfig } from './config';
import { testLogBased } from './connection-test-log-based';
import { toQueryError } from './query-error';
import { loadStreams } from './stream/load-streams';
import type { ResolvedStream } from './stream/resolved-stream';
import { catalogArgument, type TapArgs } from './tap-args';
import { connectTap } from './tap-session';

interface Access {
  readonly relations: string;
  readonly readable: string;
}

/**
 * `--test`: what a run with this config (and `--catalog`, when given) will be allowed to do, checked without syncing:
 * the connection; tables readable (schema USAGE and SELECT) in `filter_schemas`; with a catalog, every selected stream
 * resolved exactly as a run resolves it; and, only when a stream or `default_replication_method` asks for LOG_BASED,
 * the replication preflight of a run. docs/operations.md lists what it cannot foresee.
 */
export async function testTapConnection(
  raw: Readonly<Record<string, unknown>>,
  { logger, argv }: MainContext<TapArgs>,
): Promise<void> {
  const config = validateTapConfig(raw, logger);
  const catalog = catalogArgument(argv);
  const client = await connectTap(connectionSettings(config), 'parsed');
  try {
    await testReadable(client, config, logger);
    const streams = catalog === undefined ? undefined : await testSelected(client, config, catalog, logger);
    const logBased = streams?.filter((stream) => stream.method === 'LOG_BASED');
    const asked = logBased === undefined ? config.default_replication_method === 'LOG_BASED' : logBased.length > 0;
    if (asked) await testLogBased(config, logBased, logger);
    else
      logger.info(
        `no stream is LOG_BASED (${catalog === undefined ? 'default_replication_method' : 'catalog'}): ` +
          'wal_level, the REPLICATION attribute and the slot were not checked',
      );
  } catch (error) {
    throw toQueryError(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** How many relations of `filter_schemas` the role can read: USAGE on their schema and SELECT on them. */
async function testReadable(client: ClientBase, config: TapConfig, logger: Logger): Promise<void> {
  const { rows } = await client.query<Access>(
    `SELECT count(*) AS relations,
            count(*) FILTER (WHERE has_schema_privilege(n.oid, 'USAGE') AND has_any_column_privilege(c.oid, 'SELECT'))
              AS readable
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'
        AND (cardinality($1::text[]) = 0 OR n.nspname = ANY($1::text[]))`,
    [filterSchemas(config)],
  );
  const readable = Number(rows[0]?.readable ?? 0);
  const relations = Number(rows[0]?.relations ?? 0);
  if (relations > 0 && readable === 0) {
    throw new SingerError(
      `role ${config.user} cannot read any of the ${relations} tables in ${config.dbname}`,
      'PERMISSION_MISSING',
      `GRANT USAGE ON SCHEMA … TO ${config.user}; GRANT SELECT ON ALL TABLES IN SCHEMA … TO ${config.user}`,
    );
  }
  logger.info(
    `connected to ${config.host}:${config.port ?? 5432}/${config.dbname}: ${readable} of ${relations} tables readable`,
  );
}

/** Resolves the catalog's selected streams as a run does; any that a run could not sync is the error. */
async function testSelected(
  client: ClientBase,
  config: TapConfig,
  catalog: Catalog,
  logger: Logger,
): Promise<ResolvedStream[]> {
  const selected = catalog.streams.filter(isStreamSelected);
  const loaded = await loadStreams(client, selected, { defaultMethod: config.default_replication_method, logger });
  if (loaded.failures.length > 0) {
    const problems = loaded.failures.map((failure) => toQueryError(failure.error) as SingerError);
    throw new SingerError(
      `${problems.length} of ${selected.length} selected streams could not be synced: ` +
        problems.map((problem) => problem.message).join('; '),
      'STREAMS_UNREADABLE',
      [...new Set(problems.map((problem) => problem.fix).filter((fix) => fix !== undefined))].join('; '),
    );
  }
  for (const stream of loaded.streams)
    if (!stream.populated)
      logger.warn(`stream ${stream.tapStreamId}: materialized view never refreshed; a run skips it until it is`);
  logger.info(`all ${selected.length} selected streams are readable`);
  return loaded.streams;
}
