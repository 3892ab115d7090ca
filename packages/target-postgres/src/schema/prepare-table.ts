import type { Logger } from '@pgsinger/singer';
import type { Queryable } from '@pgsinger/postgres';
import type { StreamTable } from '../stream-table';
import type { ColumnSpec } from './column-spec';
import { columnTypeFromJsonSchema } from './column-type';
import type { StreamPlan } from './plan-stream';
import type { TypeResolver } from './resolve-types';
import { syncTable } from './sync-table';

/**
 * Resolves the wanted types (declared ones the destination lacks fall back to JSON Schema), then creates or evolves
 * the table: the stream's table as its records are loaded.
 */
export async function prepareTable(
  client: Queryable,
  plan: StreamPlan,
  options: { readonly types: TypeResolver; readonly logger: Logger; readonly now: Date },
): Promise<StreamTable> {
  const columns = await resolveColumns(client, plan, options);
  const synced = await syncTable(client, { ...plan, columns, now: options.now }, options.logger);
  return {
    stream: plan.stream,
    schema: plan.name.schema,
    table: plan.name.table,
    columns: synced.columns,
    keys: plan.keys,
    hasKeyConstraint: synced.hasKeyConstraint,
  };
}

/** The plan's columns with the destination's canonical types (a declared type it lacks falls back to JSON Schema). */
export async function resolveColumns(
  client: Queryable,
  plan: StreamPlan,
  options: { readonly types: TypeResolver; readonly logger: Logger },
): Promise<ColumnSpec[]> {
  const declared = await options.types.resolve(
    client,
    plan.columns.map((c) => c.type),
  );
  const fallbacks = plan.columns.map((c) => columnTypeFromJsonSchema(c.property));
  const derived = await options.types.resolve(client, fallbacks);
  return plan.columns.map((c, i) => {
    const exact = declared.get(c.type);
    if (exact === undefined)
      options.logger.debug(`${plan.stream}: type ${c.type} of ${c.name} is not in the destination`);
    return { ...c, type: exact ?? derived.get(fallbacks[i]) ?? 'text', soft: c.soft || exact === undefined };
  });
}
