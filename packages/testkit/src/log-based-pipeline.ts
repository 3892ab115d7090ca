import { readFileSync } from 'node:fs';
import { quoteIdent, quoteQualified } from '@pgsinger/postgres';
import type { TestDatabase } from './create-test-database';
import type { PipelineResult } from './run-pipeline';
import { runPipeline } from './run-pipeline';
import { choose, discoverCatalog, selectStreams } from './select-streams';
import { writeJsonTemp } from './write-json-temp';

// The LOG_BASED pipeline harness of the end-to-end tests: tables in schema `src` of a test database, copied by
// `tap-postgres | target-postgres` into one destination schema per plugin and delete mode.

/** One tap | target setup: a plugin, its own slot, a destination schema, hard or soft deletes. */
export interface Destination {
  readonly plugin: 'wal2json' | 'pgoutput';
  readonly hardDelete: boolean;
  readonly slot: string;
  readonly schema: string;
  /** The state file of the last run (the next run resumes from it). */
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

/** A catalog file selecting the tables of schema `src` (tap_stream_ids `src-<table>`) with LOG_BASED. */
export async function logBasedCatalog(db: TestDatabase, streams: readonly string[]): Promise<string> {
  const discovered = await discoverCatalog(writeJsonTemp({ ...db.settings, filter_schemas: 'src' }, 'tap-config'));
  return writeJsonTemp(selectStreams(discovered, choose(streams, { method: 'LOG_BASED' })), 'catalog');
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
  const state = dest.state === undefined ? [] : ['--state', dest.state];
  const result = await runPipeline({
    tapArgs: ['--config', tapConfig(db, dest, extra), '--catalog', catalog, ...state],
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

/** The bookmarks of the destination's state file. */
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
  const source = quoteQualified('src', table);
  const target = quoteQualified(dest.schema, table);
  const columns = await db.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
    [source],
  );
  const live = dest.hardDelete ? target : `(SELECT * FROM ${target} WHERE _sdc_deleted_at IS NULL)`;
  const key = keys.map(quoteIdent);
  const out: Record<string, string[]> = {};
  for (const { name } of columns.rows) {
    const column = quoteIdent(name);
    const result = await db.query<{ key: string }>(
      `SELECT row(${key.map((k) => `coalesce(s.${k}, d.${k})`).join(', ')})::text AS key
         FROM ${source} s FULL JOIN ${live} d USING (${key.join(', ')})
        WHERE ${key.map((k) => `s.${k} IS NULL OR d.${k} IS NULL`).join(' OR ')}
           OR ${keys.includes(name) ? 'false' : `s.${column} IS DISTINCT FROM d.${column}`}
        ORDER BY 1`,
    );
    if (result.rows.length > 0) out[name] = result.rows.map((row) => row.key);
  }
  if (!dest.hardDelete) {
    const deleted = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${target} d
        WHERE _sdc_deleted_at IS NOT NULL AND EXISTS (SELECT 1 FROM ${source} s WHERE ${key.map((k) => `s.${k} = d.${k}`).join(' AND ')})`,
    );
    if (deleted.rows[0].n > 0) out._sdc_deleted_at = [`${deleted.rows[0].n} live rows marked deleted`];
  }
  return out;
}
