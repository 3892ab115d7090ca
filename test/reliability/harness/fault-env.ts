import { createTestDatabase, startLocalPostgres, writeJsonTemp } from '@pgsinger/testkit';
import type { LocalPgServer, TestDatabase } from '@pgsinger/testkit';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discover, selectCatalog } from './catalog';
import { TAP_APPLICATION, TARGET_APPLICATION } from './fault-injector';
import type { Scenario } from './scenarios';
import { createSourceTable } from './source-table';

/** A dedicated cluster (restarted by faults, so never the shared one) with one database per scenario. */
export interface FaultServer {
  readonly server: LocalPgServer;
  stop(): Promise<void>;
}

/** Starts the dedicated cluster. */
export async function startFaultServer(): Promise<FaultServer> {
  const server = await startLocalPostgres({ serverConfig: { max_wal_size: '1GB', log_min_messages: 'fatal' } });
  return { server, stop: () => server.stop() };
}

/** One scenario's database (src and dst schemas), configs, catalog and state file. */
export interface ScenarioEnv {
  readonly scenario: Scenario;
  readonly db: TestDatabase;
  readonly tapConfig: string;
  readonly targetConfig: string;
  readonly catalog: string;
  readonly stateFile: string;
  readonly initialRows: number;
  dispose(): Promise<void>;
}

/** Creates the scenario's database with `initialRows` source rows, its configs and its catalog. */
export async function openScenario(fault: FaultServer, scenario: Scenario, initialRows: number): Promise<ScenarioEnv> {
  const db = await createTestDatabase(fault.server, { prefix: `rel_${scenario.method}` });
  await createSourceTable(db, initialRows);
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
      ...db.settings,
      default_target_schema: 'dst',
      batch_size_rows: scenario.batchSizeRows,
      hard_delete: scenario.hardDelete,
      add_metadata_columns: scenario.writerDeletes && !scenario.hardDelete,
      application_name: TARGET_APPLICATION,
      connect_timeout: 5,
    },
    'target-config',
  );
  const discovered = await discover(tapConfig);
  const selected = selectCatalog(discovered, (id) =>
    id === 'src-items' ? { method: scenario.method, replicationKey: scenario.replicationKey } : undefined,
  );
  const catalog = writeJsonTemp(selected, `catalog-${scenario.name}`);
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'pgsinger-rel-state-'));
  return {
    scenario,
    db,
    tapConfig,
    targetConfig,
    catalog,
    stateFile: path.join(stateDir, 'state.json'),
    initialRows,
    dispose: async () => {
      rmSync(stateDir, { recursive: true, force: true });
      await db.drop();
    },
  };
}
