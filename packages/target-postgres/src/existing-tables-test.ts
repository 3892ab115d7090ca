import type { SchemaMessage } from '@pgsinger/singer';
import type { Logger } from '@pgsinger/singer';
import type { Client } from 'pg';
import type { TargetSettings } from './config';
import { TargetError } from './errors';
import { quoteIdent, quoteQualified } from './identifiers';
import { grantOnTable, type LoadAccess } from './load-access';
import { planStream } from './schema/plan-stream';
import { resolveColumns } from './schema/prepare-table';
import { readTable } from './schema/read-table';
import type { TypeResolver } from './schema/resolve-types';
import { changesFor } from './schema/sync-table';

/** An existing destination table: which load privileges the role lacks on it, and whether it owns it. */
interface TableAccess {
  readonly schema: string;
  readonly table: string;
  readonly missing: readonly string[];
  readonly owned: boolean;
}

const ACCESS_SQL = `
SELECT n.nspname AS schema, c.relname AS table, pg_has_role(c.relowner, 'USAGE') AS owned,
       array(SELECT p FROM unnest($4::text[]) p WHERE NOT has_table_privilege(c.oid, p)) AS missing
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY ($1::text[])
   AND ($2::text[] IS NULL OR (n.nspname, c.relname) IN (SELECT * FROM unnest($2::text[], $3::text[])))
 ORDER BY 1, 2`;

/**
 * `--test` of existing tables: every table of the target schemas (or, with a catalog, of the selected streams) must
 * take the loads (the privileges of `access`). A table the role does not own cannot be altered: with a catalog, a
 * stream whose schema would change its table is the error; without one, a warning names such tables.
 */
export async function testExistingTables(
  client: Client,
  options: {
    readonly settings: TargetSettings;
    readonly access: LoadAccess;
    readonly schemas: readonly string[];
    readonly streams: readonly SchemaMessage[] | undefined;
    readonly types: TypeResolver;
    readonly logger: Logger;
  },
): Promise<number> {
  const { settings, access, streams, logger } = options;
  const plans = streams?.map((message) => planStream(message, 0, settings));
  const { rows } = await client.query<TableAccess>(ACCESS_SQL, [
    options.schemas,
    plans?.map((plan) => plan.name.schema) ?? null,
    plans?.map((plan) => plan.name.table) ?? null,
    access.privileges,
  ]);
  const unwritable = rows.filter((row) => row.missing.length > 0);
  if (unwritable.length > 0) {
    const role = quoteIdent(access.role);
    throw new TargetError(
      unwritable
        .map(
          (t) => `role ${role} may not write ${quoteQualified(t.schema, t.table)} (it lacks ${t.missing.join(', ')})`,
        )
        .join('; ') + (streams === undefined ? ' (pass --catalog to check only the selected streams’ tables)' : ''),
      'PERMISSION_MISSING',
      unwritable.map((t) => grantOnTable(access, t.schema, t.table, t.missing)).join('; '),
    );
  }
  const foreign = rows.filter((row) => !row.owned);
  if (plans === undefined) {
    if (foreign.length > 0)
      logger.warn(
        `role ${quoteIdent(access.role)} does not own ${foreign.map((t) => quoteQualified(t.schema, t.table)).join(', ')}: ` +
          'a schema change (a new column, a wider type) would fail unless their owner makes it (pass --catalog to check)',
      );
    return rows.length;
  }
  const now = new Date();
  for (const plan of plans) {
    const { schema, table } = plan.name;
    if (!foreign.some((t) => t.schema === schema && t.table === table)) continue;
    const existing = await readTable(client, schema, table, plan.keys);
    if (existing === undefined) continue;
    const columns = await resolveColumns(client, plan, { types: options.types, logger });
    // An adopted column needs no DDL.
    const changes = changesFor({ ...plan, columns, now }, existing).filter((c) => c.kind !== 'adopt');
    if (changes.length === 0) continue;
    const what = changes.map(
      (c) => `${c.kind === 'add' ? 'add' : c.kind === 'alter' ? 'widen' : 'version'} column ${c.column}`,
    );
    throw new TargetError(
      `stream ${plan.stream} needs ALTER TABLE ${quoteQualified(schema, table)} (${what.join(', ')}), which only its owner may do`,
      'PERMISSION_MISSING',
      `ALTER TABLE ${quoteQualified(schema, table)} OWNER TO ${quoteIdent(access.role)}, or have its owner make the change`,
    );
  }
  return rows.length;
}
