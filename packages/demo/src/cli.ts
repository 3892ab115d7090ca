import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { discoverCatalog, runPipeline, selectStreams, startPostgres } from '@pgsinger/testkit';
import type { PgServer, ServerSettings } from '@pgsinger/testkit';

const DEMO_SQL = path.resolve(__dirname, '..', '..', '..', 'examples', 'demo', 'demo-data.sql');
const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** `npm run demo`: source and warehouse databases on a throwaway server, two syncs, a summary. */
export async function main(): Promise<void> {
  const env = { ...process.env };
  delete env.TEST_DATABASE_URL;
  delete env.PGHOST;
  if (process.env.DEMO_DATABASE_URL) env.TEST_DATABASE_URL = process.env.DEMO_DATABASE_URL;
  log('demo: starting a throwaway PostgreSQL…');
  const server = await startPostgres({ env });
  try {
    await runDemo(server);
  } finally {
    await server.stop();
    log('demo: PostgreSQL stopped and removed.');
  }
}

async function runDemo(server: PgServer): Promise<void> {
  for (const name of ['demo_source', 'demo_warehouse']) {
    await server.adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await server.adminQuery(`CREATE DATABASE ${name}`);
  }
  const source = server.settings('demo_source');
  const warehouse = server.settings('demo_warehouse');
  await withClient(source, (client) => client.query(readFileSync(DEMO_SQL, 'utf8')));
  log(`demo: loaded examples/demo/demo-data.sql into ${source.dbname} on port ${source.port}`);

  const dir = mkdtempSync(path.join(tmpdir(), 'pgsinger-demo-'));
  const file = (name: string, value: unknown): string => {
    const full = path.join(dir, name);
    writeFileSync(full, `${JSON.stringify(value, null, 2)}\n`);
    return full;
  };
  // pgoutput is built into PostgreSQL, so the demo's LOG_BASED stream needs no extension.
  const tapConfig = file('tap-config.json', { ...source, filter_schemas: 'shop', logical_decoding_plugin: 'pgoutput' });
  const targetConfig = file('target-config.json', {
    ...warehouse,
    default_target_schema: 'analytics',
    hard_delete: true,
  });
  const discovered = await discoverCatalog(tapConfig);
  log(`demo: discovered ${discovered.streams.map((s) => s.tap_stream_id).join(', ')}`);
  const catalog = file(
    'catalog.json',
    selectStreams(discovered, {
      'shop-customers': { method: 'FULL_TABLE' },
      'shop-orders': { method: 'LOG_BASED' },
      'shop-events': { method: 'INCREMENTAL', replicationKey: 'occurred_at' },
    }),
  );
  const statePath = path.join(dir, 'state.json');
  const sync = async (label: string): Promise<void> => {
    const stateArgs = readState(statePath) === undefined ? [] : ['--state', statePath];
    const started = Date.now();
    const result = await runPipeline({
      tapArgs: ['--config', tapConfig, '--catalog', catalog, ...stateArgs],
      targetArgs: ['--config', targetConfig],
      captureTapOutput: true,
    });
    if (result.tap.code !== 0 || result.target.code !== 0) {
      throw new Error(`${label} failed:\n${result.tap.stderr.slice(-2000)}\n${result.target.stderr.slice(-2000)}`);
    }
    const records = countRecords(result.tap.stdout);
    const lastState = result.target.stdout.trim().split('\n').pop() ?? '{}';
    writeFileSync(statePath, `${lastState}\n`);
    log(`demo: ${label}: ${summarize(records)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };

  await sync('first sync (tap-postgres | target-postgres)');
  await withClient(source, async (client) => {
    await client.query(`UPDATE shop.orders SET status = 'shipped', updated_at = now() WHERE id <= 25`);
    await client.query(
      `INSERT INTO shop.orders (customer_id, total, placed_at) SELECT 1 + g % 500, 19.99, now() FROM generate_series(1, 10) g`,
    );
    await client.query(`DELETE FROM shop.orders WHERE id = 2000`);
    await client.query(
      `INSERT INTO shop.events (id, occurred_at, kind) VALUES (5001, '2026-11-25 12:00:00+00', 'checkout')`,
    );
  });
  log('demo: changed the source: 25 orders shipped, 10 new orders, 1 order deleted, 1 new event');
  await sync('second sync from state.json');

  const sourceCounts = await withClient(source, (client) =>
    client.query<{ table_name: string; rows: string }>(
      `SELECT 'customers' AS table_name, count(*)::text AS rows FROM shop.customers
       UNION ALL SELECT 'orders', count(*)::text FROM shop.orders
       UNION ALL SELECT 'events', count(*)::text FROM shop.events`,
    ),
  );
  const counts = await withClient(warehouse, (client) =>
    client.query<{ table_name: string; rows: string }>(
      `SELECT 'customers' AS table_name, count(*)::text AS rows FROM analytics.customers
       UNION ALL SELECT 'orders', count(*)::text FROM analytics.orders
       UNION ALL SELECT 'events', count(*)::text FROM analytics.events`,
    ),
  );
  log('');
  log(`Summary — source ${source.dbname} (schema shop) → warehouse ${warehouse.dbname} (schema analytics):`);
  const methods: Record<string, string> = {
    customers: 'FULL_TABLE',
    orders: 'LOG_BASED (pgoutput)',
    events: 'INCREMENTAL',
  };
  for (const row of counts.rows) {
    const inSource = sourceCounts.rows.find((candidate) => candidate.table_name === row.table_name)?.rows ?? '?';
    log(
      `  ${row.table_name.padEnd(10)} ${methods[row.table_name]?.padEnd(22)} source ${inSource} rows, warehouse ${row.rows} rows`,
    );
  }
  const differing = counts.rows.filter(
    (row) => sourceCounts.rows.find((candidate) => candidate.table_name === row.table_name)?.rows !== row.rows,
  );
  if (differing.length > 0)
    throw new Error(`warehouse differs from source: ${differing.map((r) => r.table_name).join(', ')}`);
  log(`  state file: ${statePath}`);
  log(`  config, catalog and state are kept in ${dir}`);
}

function readState(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function countRecords(singer: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of singer.split('\n')) {
    if (!line.startsWith('{"type":"RECORD"')) continue;
    const stream = /"stream":"([^"]+)"/.exec(line)?.[1] ?? '?';
    counts.set(stream, (counts.get(stream) ?? 0) + 1);
  }
  return counts;
}

function summarize(counts: Map<string, number>): string {
  if (counts.size === 0) return 'no records';
  return [...counts].map(([stream, n]) => `${n} ${stream}`).join(', ');
}

async function withClient<T>(settings: ServerSettings, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...settings, database: settings.dbname });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
