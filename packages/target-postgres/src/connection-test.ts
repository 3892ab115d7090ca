import { SingerError, type Logger } from '@pgsinger/singer';
import { resolveSettings } from './config';
import { connectTarget } from './target-session';

interface Access {
  readonly schema_exists: boolean;
  readonly can_create_schema: boolean;
  readonly can_create_in_schema: boolean | null;
}

/** `--test`: connects and checks that the role can create the default target schema or tables in it. */
export async function testTargetConnection(raw: Readonly<Record<string, unknown>>, logger: Logger): Promise<void> {
  const { config } = resolveSettings(raw, logger);
  const client = await connectTarget(config);
  try {
    const schemas = [
      ...new Set(
        [
          config.default_target_schema,
          ...Object.values(config.schema_mapping ?? {}).map((entry) => entry.target_schema),
        ]
          .filter((schema): schema is string => typeof schema === 'string' && schema.trim() !== '')
          .map((schema) => schema.toLowerCase()),
      ),
    ];
    for (const schema of schemas) {
      const { rows } = await client.query<Access>(
        `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS schema_exists,
                has_database_privilege(current_database(), 'CREATE') AS can_create_schema,
                CASE WHEN EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)
                     THEN has_schema_privilege($1, 'CREATE') END AS can_create_in_schema`,
        [schema],
      );
      const access = rows[0];
      const allowed = access?.schema_exists ? access.can_create_in_schema === true : access?.can_create_schema === true;
      if (!allowed) {
        throw new SingerError(
          `role ${config.user} cannot ${access?.schema_exists ? `create tables in schema ${schema}` : `create schema ${schema}`}`,
          'PERMISSION_MISSING',
          access?.schema_exists
            ? `GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${config.user}`
            : `GRANT CREATE ON DATABASE ${config.dbname} TO ${config.user}, or create the schema for it`,
        );
      }
    }
    logger.info(
      `connected to ${config.host}:${config.port ?? 5432}/${config.dbname}: can write to ${schemas.join(', ')}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
