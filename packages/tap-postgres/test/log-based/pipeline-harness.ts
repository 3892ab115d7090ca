import { readFileSync } from 'node:fs';
import type { TestDatabase } from '@pgsinger/testkit';
import { runBin, runPipeline, writeJsonTemp } from '@pgsinger/testkit';
import type { PipelineResult } from '@pgsinger/testkit';
import { selectStreams } from '../../../../test/support/select-streams';

/** One tap | target setup: a plugin, its own slot, a destination schema, hard or soft deletes. */
export interface Destination {
  readonly plugin: 'wal2json' | 'pgoutput';
  readonly hardDelete: boolean;
  readonly slot: string;
  readonly schema: string;
  state?: string;
}

/** The destinations of a test: each plugin with hard and soft deletes. */
export function destinations(prefix: string): Destination[] {
  return (['wal2json', 'pgoutput'] as const).flatMap((plugin) =>
    [true, false].map((hardDelete) => {
      const name = `${prefix}_${plugin}_${hardDelete ? 'hard' : 'soft'}`;
      return { plugin, hardDelete, slot: name, schema: `dst_${name}` };
    }),
  );
}

/** The tap config of a destination (extra keys merged). */
export function tapConfig(db: TestDatabase, dest: Destination, extra: Record<string, unknown> = {}): string {
  return writeJsonTemp(
    { ...db.settings, filter_schemas: 'src', logical_decoding_plugin: dest.plugin, slot_name: dest.slot, ...extra },
    'tap-config',
  );
}

/** A catalog selecting the tables with LOG_BASED. */
export async function logBasedCatalog(db: TestDatabase, streams: readonly string[]): Promise<string> {
  const config = writeJsonTemp({ ...db.settings, filter_schemas: 'src' }, 'tap-config');
  const discovery = await runBin('tap-postgres', ['--config', config, '--discover']);
  if (discovery.code !== 0) throw new Error(discovery.stderr);
  const choices = Object.fromEntries(streams.map((id) => [id, { method: 'LOG_BASED' as const }]));
  return writeJsonTemp(selectStreams(JSON.parse(discovery.stdout) as unknown, choices), 'catalog');
}

/** Runs tap | target from the destination's last state and keeps the new one; fails on a non-zero exit. */
export async function runDestination(
  db: TestDatabase,
  dest: Destination,
  catalog: string,
  extra: Record<string, unknown> = {},
): Promise<PipelineResult> {
  const targetConfig = writeJsonTemp(
    { ...db.settings, default_target_schema: dest.schema, hard_delete: dest.hardDelete, activate_version: 'hard' },
    'target-config',
  );
  const result = await runPipeline({
    tapArgs: [
      '--config',
      tapConfig(db, dest, extra),
      '--catalog',
      catalog,
      ...(dest.state === undefined ? [] : ['--state', dest.state]),
    ],
    targetArgs: ['--config', targetConfig],
    timeoutMs: 60_000,
  });
  if (result.tap.code !== 0 || result.target.code !== 0)
    throw new Error(
      `tap ${result.tap.code}: ${result.tap.stderr.slice(-2000)}\ntarget ${result.target.code}: ${result.target.stderr.slice(-2000)}`,
    );
  const states = result.target.stdout.trim().split('\n').filter(Boolean);
  dest.state = writeJsonTemp(JSON.parse(states[states.length - 1]) as unknown, 'state');
  return result;
}

/** The state file's bookmarks. */
export function readState(dest: Destination): Record<string, Record<string, unknown>> {
  if (dest.state === undefined) return {};
  return (JSON.parse(readFileSync(dest.state, 'utf8')) as { bookmarks: Record<string, Record<string, unknown>> })
    .bookmarks;
}

/**
 * Rows where source and destination differ, per column (PostgreSQL compares each type); rows deleted in the source
 * must be gone (hard) or carry `_sdc_deleted_at` (soft).
 */
export async function differences(
  db: TestDatabase,
  dest: Destination,
  table: string,
  keys: readonly string[] = ['id'],
): Promise<Record<string, string[]>> {
  const columns = await db.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
    [`src.${table}`],
  );
  const live = dest.hardDelete
    ? `${dest.schema}.${table}`
    : `(SELECT * FROM ${dest.schema}.${table} WHERE _sdc_deleted_at IS NULL)`;
  const using = keys.map((k) => `"${k}"`).join(', ');
  const out: Record<string, string[]> = {};
  for (const { name } of columns.rows) {
    const result = await db.query<{ key: string }>(
      `SELECT row(${keys.map((k) => `coalesce(s."${k}", d."${k}")`).join(', ')})::text AS key
         FROM src.${table} s FULL JOIN ${live} d USING (${using})
        WHERE ${keys.map((k) => `s."${k}" IS NULL OR d."${k}" IS NULL`).join(' OR ')}
           OR ${keys.includes(name) ? 'false' : `s."${name}" IS DISTINCT FROM d."${name}"`}
        ORDER BY 1`,
    );
    if (result.rows.length > 0) out[name] = result.rows.map((row) => row.key);
  }
  if (!dest.hardDelete) {
    const deleted = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${dest.schema}.${table} d
        WHERE _sdc_deleted_at IS NOT NULL AND EXISTS (SELECT 1 FROM src.${table} s WHERE ${keys.map((k) => `s."${k}" = d."${k}"`).join(' AND ')})`,
    );
    if (deleted.rows[0].n > 0) out._sdc_deleted_at = [`${deleted.rows[0].n} live rows marked deleted`];
  }
  return out;
}
