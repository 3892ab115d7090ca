import { primarySettings, quoteIdent, quoteQualified } from '@pgsinger/postgres';
import type { Logger } from '@pgsinger/singer';
import type { ClientBase } from 'pg';
import type { TapConfig } from './config';
import { identityGapError } from './log-based/prepare-slot';
import { currentDatabaseName, streamTables } from './log-based/replication-setup';
import { decodingPlugin, publicationName, resolveSlotName } from './log-based/settings';
import { findIdentityGaps, preflightReplication, ReplicationError, type TableName } from './replication';
import type { ResolvedStream } from './stream/resolved-stream';
import { connectTap } from './tap-session';

/**
 * `--test` for LOG_BASED, on the primary: the preflight a run makes (wal_level, the REPLICATION privilege, the slot),
 * and with a catalog the replica identity of the LOG_BASED streams' tables and, for pgoutput, whether the publication
 * exists or the role may create it.
 */
export async function testLogBased(
  config: TapConfig,
  streams: readonly ResolvedStream[] | undefined,
  logger: Logger,
): Promise<void> {
  const control = await connectTap(primarySettings(config), 'parsed');
  try {
    const plugin = decodingPlugin(config);
    const slotName = await resolveSlotName(control, config);
    const database = await currentDatabaseName(control);
    const { slot } = await preflightReplication(control, { plugin, slotName, database });
    if (streams !== undefined) {
      const tables = streamTables(streams);
      const gaps = await findIdentityGaps(control, tables);
      if (gaps.length > 0) throw identityGapError(gaps, plugin);
      if (plugin === 'pgoutput') await testPublication(control, publicationName(config, slotName), tables);
    }
    logger.info(
      `LOG_BASED (${plugin}): wal_level is logical, the role may replicate, slot ${slotName} ` +
        (slot === undefined ? 'will be created by the first run' : 'exists'),
    );
  } finally {
    await control.end().catch(() => undefined);
  }
}

/**
 * The publication holds the tables, or the role may create or extend it: CREATE on the database to create it, and
 * ownership of each table it must add (superusers may do both).
 */
async function testPublication(client: ClientBase, name: string, tables: readonly TableName[]): Promise<void> {
  const { rows } = await client.query<{ exists: boolean; all: boolean; create: boolean; missing: string[] }>(
    `WITH wanted AS (
       SELECT c.oid, n.nspname, c.relname, c.relowner
         FROM unnest($2::text[], $3::text[]) AS t(schema, name)
         JOIN pg_namespace n ON n.nspname = t.schema JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.name)
     SELECT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = $1) AS exists,
            coalesce((SELECT puballtables FROM pg_publication WHERE pubname = $1), false) AS all,
            has_database_privilege(current_database(), 'CREATE') AS create,
            coalesce(array_agg(format('%I.%I', w.nspname, w.relname)) FILTER (
              WHERE NOT pg_has_role(w.relowner, 'USAGE')
                AND NOT EXISTS (SELECT 1 FROM pg_publication_tables p
                                 WHERE p.pubname = $1 AND p.schemaname = w.nspname AND p.tablename = w.relname)),
              '{}') AS missing
       FROM wanted w`,
    [name, tables.map((t) => t.schema), tables.map((t) => t.table)],
  );
  const found = rows[0];
  const superuser = await client.query<{ yes: boolean }>(
    'SELECT rolsuper AS yes FROM pg_roles WHERE rolname = current_user',
  );
  if (superuser.rows[0]?.yes === true || found.all) return;
  const list = tables.map((t) => `ONLY ${quoteQualified(t.schema, t.table)}`).join(', ');
  const create = `create it as the tables' owner: CREATE PUBLICATION ${quoteIdent(name)} FOR TABLE ${list} WITH (publish_via_partition_root = true)`;
  if (!found.exists && !found.create)
    throw new ReplicationError(
      `publication ${name} does not exist and the role may not create it (no CREATE on the database)`,
      'PUBLICATION_PRIVILEGE_MISSING',
      create,
    );
  if (found.missing.length > 0)
    throw new ReplicationError(
      `publication ${name} ${found.exists ? 'lacks' : 'would need'} ${found.missing.join(', ')}, which the role does not own`,
      'PUBLICATION_PRIVILEGE_MISSING',
      create,
    );
}
