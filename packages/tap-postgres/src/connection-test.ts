import { SingerError, type Logger } from '@pgsinger/singer';
import { connectionSettings, filterSchemas, validateTapConfig } from './config';
import { toQueryError } from './query-error';
import { connectTap } from './tap-session';

interface Access {
  readonly relations: string;
  readonly readable: string;
  readonly wal_level: string;
  readonly replication: boolean;
}

/** `--test`: connects, checks that the role can read the tables to discover and, for LOG_BASED, replicate. */
export async function testTapConnection(raw: Readonly<Record<string, unknown>>, logger: Logger): Promise<void> {
  const config = validateTapConfig(raw, logger);
  const client = await connectTap(connectionSettings(config), 'parsed');
  try {
    const schemas = filterSchemas(config);
    const { rows } = await client.query<Access>(
      `SELECT count(*) AS relations,
              count(*) FILTER (WHERE has_table_privilege(c.oid, 'SELECT')) AS readable,
              current_setting('wal_level') AS wal_level,
              (SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user) AS replication
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
          AND (cardinality($1::text[]) = 0 OR n.nspname = ANY($1::text[]))`,
      [schemas],
    );
    const access = rows[0];
    const readable = Number(access?.readable ?? 0);
    const relations = Number(access?.relations ?? 0);
    if (relations > 0 && readable === 0) {
      throw new SingerError(
        `role ${config.user} cannot SELECT any of the ${relations} tables in ${config.dbname}`,
        'PERMISSION_MISSING',
        `GRANT USAGE ON SCHEMA … TO ${config.user}; GRANT SELECT ON ALL TABLES IN SCHEMA … TO ${config.user}`,
      );
    }
    logger.info(
      `connected to ${config.host}:${config.port ?? 5432}/${config.dbname}: ${readable} of ${relations} tables readable`,
    );
    if (config.default_replication_method === 'LOG_BASED' || access?.wal_level === 'logical') {
      if (access?.wal_level !== 'logical') {
        throw new SingerError(
          `wal_level is ${access?.wal_level}; LOG_BASED needs logical`,
          'WAL_LEVEL_NOT_LOGICAL',
          'set wal_level = logical and restart the server (docs/replication/log-based.md)',
        );
      }
      if (access.replication !== true) {
        const message = `role ${config.user} lacks the REPLICATION attribute LOG_BASED needs`;
        if (config.default_replication_method === 'LOG_BASED') {
          throw new SingerError(
            message,
            'REPLICATION_PRIVILEGE_MISSING',
            `ALTER ROLE ${config.user} WITH REPLICATION (RDS: GRANT rds_replication)`,
          );
        }
        logger.warn(message);
      }
    }
  } catch (error) {
    throw toQueryError(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}
