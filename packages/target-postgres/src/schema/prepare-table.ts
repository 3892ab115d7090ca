import type { Logger } from '@pgsinger/singer';
import type { Queryable } from '@pgsinger/postgres';
import { columnTypeFromJsonSchema } from './column-type';
import type { StreamPlan } from './plan-stream';
import type { TypeResolver } from './resolve-types';
import { syncTable, type SyncedTable } from './sync-table';

/** Resolves the wanted types (declared ones the destination lacks fall back to JSON Schema), then syncs the table. */
export async function prepareTable(
  client: Queryable,
  plan: StreamPlan,
  options: { readonly types: TypeResolver; readonly logger: Logger; readonly now: Date },
): Promise<SyncedTable> {
  const declared = await options.types.resolve(
    client,
    plan.columns.map((c) => c.type),
  );
  const fallbacks = plan.columns.map((c) => columnTypeFromJsonSchema(c.property));
  const derived = await options.types.resolve(client, fallbacks);
  const columns = plan.columns.map((c, i) => {
    const exact = declared.get(c.type);
    if (exact === undefined)
      options.logger.debug(`${plan.stream}: type ${c.type} of ${c.name} is not in the destination`);
    return { ...c, type: exact ?? derived.get(fallbacks[i]) ?? 'text', soft: c.soft || exact === undefined };
  });
  return syncTable(
    client,
    {
      stream: plan.stream,
      schema: plan.name.schema,
      table: plan.name.table,
      columns,
      keys: plan.keys,
      grantees: plan.grantees,
      indices: plan.indices,
      now: options.now,
    },
    options.logger,
  );
}
