import { discoverCatalog, runBin, selectStreams, writeJsonTemp } from '@pgsinger/testkit';
import type { DbSettings } from './measured-sync';
import type { Queryable } from './source-table';

/** What the tap does today with a stream selected as LOG_BASED. */
export interface LogBasedSupport {
  readonly accepted: boolean;
  readonly exitCode: number | null;
  /** The tap's CRITICAL line when it refused. */
  readonly refusal: string | undefined;
  readonly stackTrace: boolean;
}

/** Runs discovery and a sync of one LOG_BASED stream (wal2json) in a schema of its own and reports the outcome. */
export async function probeLogBased(db: Queryable, settings: DbSettings): Promise<LogBasedSupport> {
  await db.query(
    'CREATE SCHEMA lb_probe; CREATE TABLE lb_probe.t (id int PRIMARY KEY, v text); INSERT INTO lb_probe.t VALUES (1, $$a$$)',
  );
  try {
    const tapConfig = writeJsonTemp(
      { ...settings, filter_schemas: 'lb_probe', logical_decoding_plugin: 'wal2json' },
      'tap',
    );
    const catalog = selectStreams(await discoverCatalog(tapConfig), () => ({ method: 'LOG_BASED' }));
    const run = await runBin('tap-postgres', ['--config', tapConfig, '--catalog', writeJsonTemp(catalog, 'catalog')], {
      timeoutMs: 60_000,
    });
    const refusal = run.stderr.split('\n').find((line) => line.includes('CRITICAL'));
    return {
      accepted: run.code === 0 && run.stdout.includes('"type":"RECORD"'),
      exitCode: run.code,
      refusal,
      stackTrace: /\n\s+at /.test(run.stderr),
    };
  } finally {
    await db.query(
      `SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
        WHERE database = current_database() AND NOT active`,
    );
    await db.query('DROP SCHEMA lb_probe CASCADE');
  }
}
