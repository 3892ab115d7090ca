import { connect } from '@pgsinger/postgres';
import { readCatalogFile, type CommonArgs, type MainContext } from '@pgsinger/singer';
import type { Client } from 'pg';
import { catalogSchemaMessages } from './catalog-streams';
import { resolveSettings, type TargetSettings } from './config';
import { TargetError } from './errors';
import { testExistingTables } from './existing-tables-test';
import { quoteIdent } from './identifiers';
import { loadAccess, type LoadAccess } from './load-access';
import { TypeResolver } from './schema/resolve-types';

/** Command-line arguments of target-postgres. */
export interface TargetArgs extends CommonArgs {
  readonly catalog?: string;
}

interface SchemaAccess {
  readonly exists: boolean;
  readonly usage: boolean | null;
  readonly create: boolean | null;
  readonly create_schema: boolean;
  readonly temporary: boolean;
}

/**
 * `--test`: what a run will be allowed to do, checked without loading: each target schema can be created, or used and
 * created in; temporary tables (merges stage rows in one); every existing table a stream may load into takes the
 * loads (SELECT, INSERT, UPDATE, and DELETE with hard deletes), and schema changes it needs are allowed (ownership).
 * docs/operations.md lists what it cannot foresee.
 */
export async function testTargetConnection(
  raw: Readonly<Record<string, unknown>>,
  { logger, argv }: MainContext<TargetArgs>,
): Promise<void> {
  const settings = resolveSettings(raw, logger);
  const { config } = settings;
  const streams = argv.catalog === undefined ? undefined : catalogSchemaMessages(readCatalogFile(argv.catalog));
  const access = loadAccess(config);
  const client = await connect(config, { applicationName: 'target-postgres' });
  try {
    const schemas = targetSchemas(settings);
    for (const schema of schemas) await testSchema(client, schema, access);
    const tables = await testExistingTables(client, {
      settings,
      access,
      schemas,
      streams,
      types: new TypeResolver(),
      logger,
    });
    logger.info(
      `connected to ${config.host}:${config.port ?? 5432}/${config.dbname}: can write to ${schemas.join(', ')}` +
        ` (${tables} existing table${tables === 1 ? '' : 's'} checked${streams === undefined ? '' : ` for ${streams.length} selected streams`})`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The schemas a run may write to: default_target_schema and every schema_mapping target (lower-cased). */
function targetSchemas(settings: TargetSettings): string[] {
  const { config } = settings;
  const named = [
    config.default_target_schema,
    ...Object.values(config.schema_mapping ?? {}).map((e) => e.target_schema),
  ];
  return [
    ...new Set(named.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.toLowerCase())),
  ];
}

async function testSchema(client: Client, schema: string, access: LoadAccess): Promise<void> {
  const { rows } = await client.query<SchemaAccess>(
    `SELECT n.oid IS NOT NULL AS exists,
            CASE WHEN n.oid IS NOT NULL THEN has_schema_privilege(n.oid, 'USAGE') END AS usage,
            CASE WHEN n.oid IS NOT NULL THEN has_schema_privilege(n.oid, 'CREATE') END AS create,
            has_database_privilege(current_database(), 'CREATE') AS create_schema,
            has_database_privilege(current_database(), 'TEMPORARY') AS temporary
       FROM (SELECT 1) one LEFT JOIN pg_namespace n ON n.nspname = $1`,
    [schema],
  );
  const found = rows[0];
  const role = quoteIdent(access.role);
  if (found.exists && (found.usage !== true || found.create !== true))
    throw new TargetError(
      `role ${role} may not create tables in schema ${quoteIdent(schema)}`,
      'PERMISSION_MISSING',
      `GRANT USAGE, CREATE ON SCHEMA ${quoteIdent(schema)} TO ${role}`,
    );
  if (!found.exists && !found.create_schema)
    throw new TargetError(
      `role ${role} may not create schema ${quoteIdent(schema)}`,
      'PERMISSION_MISSING',
      `GRANT CREATE ON DATABASE ${quoteIdent(access.database)} TO ${role}, or create the schema for it`,
    );
  if (!found.temporary)
    throw new TargetError(
      `role ${role} may not create temporary tables in ${access.database} (loads that merge by key stage rows in one)`,
      'PERMISSION_MISSING',
      `GRANT TEMPORARY ON DATABASE ${quoteIdent(access.database)} TO ${role}`,
    );
}
