import {
  createTestDatabase,
  discoverCatalog,
  selectStreams,
  startLocalPostgres,
  writeJsonTemp,
} from '@pgsinger/testkit';
import type { LocalPgServer, TestDatabase } from '@pgsinger/testkit';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TAP_APPLICATION, TARGET_APPLICATION } from './fault-injector';
import type { Scenario } from './scenarios';
import { linkSource } from './compare';
import { createSourceTable } from './source-table';

/**
 * Two dedicated clusters (restarted by faults, so never the shared one), the source and the destination, each with
 * one database per scenario.
 */
export interface FaultServer {
  readonly source: LocalPgServer;
  readonly destination: LocalPgServer;
  stop(): Promise<void>;
}

/** Starts the two dedicated clusters (side by side: a port taken in between is retried by startLocalPostgres). */
export async function startFaultServer(): Promise<FaultServer> {
  const options = { serverConfig: { max_wal_size: '1GB', log_min_messages: 'fatal' } };
  const started = await Promise.allSettled([startLocalPostgres(options), startLocalPostgres(options)]);
  const [source, destination] = started.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
  if (source === undefined || destination === undefined) {
    await Promise.all([source?.stop(), destination?.stop()]);
    throw started.find((s) => s.status === 'rejected')?.reason;
  }
  return {
    source,
    destination,
    stop: async () => {
      await Promise.all([source.stop(), destination.stop()]);
    },
  };
}

/**
 * One scenario's databases: `db` on the source cluster (src.items, the slot) and `dst` on the destination cluster
 * (dst.items, and src.items read through postgres_fdw for the comparison); configs, catalog and state file.
 */
export interface ScenarioEnv {
  readonly scenario: Scenario;
  readonly db: TestDatabase;
  readonly dst: TestDatabase;
  readonly tapConfig: string;
  readonly targetConfig: string;
  readonly catalog: string;
  readonly stateFile: string;
  readonly initialRows: number;
  dispose(): Promise<void>;
}

/** Creates the scenario's database with `initialRows` source rows, its configs and its catalog. */
export async function openScenario(fault: FaultServer, scenario: Scenario, initialRows: number): Promise<ScenarioEnv> {
  const db = await createTestDatabase(fault.source, { prefix: `rel_${scenario.method}` });
  const dst = await createTestDatabase(fault.destination, { prefix: `rel_${scenario.method}_dst` });
  await createSourceTable(db, initialRows);
  await linkSource(dst, db.settings);
  const tap: Record<string, unknown> = {
    ...db.settings,
    filter_schemas: 'src',
    itersize: scenario.itersize,
    application_name: TAP_APPLICATION,
    connect_timeout: 5,
  };
  if (scenario.plugin !== undefined) tap.logical_decoding_plugin = scenario.plugin;
  const tapConfig = writeJsonTemp(tap, 'tap-config');
  const targetConfig = writeJsonTemp(
    {
      ...dst.settings,
      default_target_schema: 'dst',
      batch_size_rows: scenario.batchSizeRows,
      hard_delete: scenario.hardDelete,
      add_metadata_columns: scenario.writerDeletes && !scenario.hardDelete,
      application_name: TARGET_APPLICATION,
      connect_timeout: 5,
    },
    'target-config',
  );
  const discovered = await discoverCatalog(tapConfig);
  const selected = selectStreams(discovered, (id) =>
    id === 'src-items' ? { method: scenario.method, replicationKey: scenario.replicationKey } : undefined,
  );
  const catalog = writeJsonTemp(selected, `catalog-${scenario.name}`);
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'pgsinger-rel-state-'));
  return {
    scenario,
    db,
    dst,
    tapConfig,
    targetConfig,
    catalog,
    stateFile: path.join(stateDir, 'state.json'),
    initialRows,
    dispose: async () => {
      rmSync(stateDir, { recursive: true, force: true });
      await Promise.all([db.drop(), dst.drop()]);
    },
  };
}
