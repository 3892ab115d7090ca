import type { ColumnSpec } from './column-spec';

const TIMESTAMPTZ = 'timestamp with time zone';

/** Adds the `_sdc_*` metadata columns (replacing same-named properties, as pipelinewise does). */
export function withMetadataColumns(
  columns: readonly ColumnSpec[],
  options: { readonly metadata: boolean; readonly tableVersion: boolean },
): ColumnSpec[] {
  const extra: ColumnSpec[] = [];
  const meta = (name: string, type: string, source: ColumnSpec['source']): ColumnSpec => ({
    name,
    path: [name],
    property: {},
    type,
    soft: true,
    source,
  });
  if (options.metadata) {
    extra.push(meta('_sdc_extracted_at', TIMESTAMPTZ, 'extracted_at'));
    extra.push(meta('_sdc_batched_at', TIMESTAMPTZ, 'batched_at'));
    extra.push(meta('_sdc_deleted_at', TIMESTAMPTZ, 'deleted_at'));
  }
  if (options.tableVersion) extra.push(meta('_sdc_table_version', 'bigint', 'table_version'));
  const names = new Set(extra.map((c) => c.name));
  return [...columns.filter((c) => !names.has(c.name)), ...extra];
}
