import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { binPath, findPgBin, selectStreams } from '@pgsinger/testkit';
import type { PgServer, ServerSettings } from '@pgsinger/testkit';
import type { BenchContext } from './bench-context';
import { psqlArgs, psqlEnv, writeJson } from './bench-context';
import { measurePipeline } from './measure';

const DATASET = path.resolve(__dirname, '..', '..', '..', 'bench', 'dataset.sql');

/** Creates both databases, loads the dataset, discovers and selects the stream, captures a Singer file. */
export async function prepareBench(server: PgServer, rows: number): Promise<BenchContext> {
  for (const name of ['bench_src', 'bench_dst']) {
    await server.adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await server.adminQuery(`CREATE DATABASE ${name}`);
  }
  const binDir = findPgBin(process.env);
  const psql = binDir === undefined ? 'psql' : path.join(binDir, 'psql');
  const source = server.settings('bench_src');
  const destination = server.settings('bench_dst');
  const smallRows = Math.min(rows, 100_000);
  loadDataset(psql, source, ['-v', `rows=${rows}`, '-v', `small_rows=${smallRows}`]);
  loadDataset(psql, destination, ['-v', 'ddl_only=1']);

  const workDir = mkdtempSync(path.join(tmpdir(), 'pgsinger-bench-work-'));
  const tapConfig = writeJson(workDir, 'tap-config.json', { ...source, filter_schemas: 'public' });
  const targetSchema = 'loaded';
  const targetConfig = writeJson(workDir, 'target-config.json', {
    ...destination,
    default_target_schema: targetSchema,
  });
  const tapBin = binPath('tap-postgres');
  const discovered = execFileSync(process.execPath, [tapBin, '--config', tapConfig, '--discover'], {
    maxBuffer: 64 * 1024 * 1024,
  }).toString();
  const catalog = selectStreams(JSON.parse(discovered) as unknown, { 'public-bench_rows': { method: 'FULL_TABLE' } });
  const fullTableCatalog = writeJson(workDir, 'catalog-full-table.json', catalog);
  const capturedSinger = path.join(workDir, 'captured.singer');
  const ctx: BenchContext = {
    server,
    rows,
    psql,
    node: process.execPath,
    tapBin,
    targetBin: binPath('target-postgres'),
    source,
    destination,
    targetSchema,
    workDir,
    files: { tapConfig, targetConfig, fullTableCatalog, capturedSinger },
  };
  const capture = await measurePipeline(
    [{ name: 'tap', command: process.execPath, args: [tapBin, '--config', tapConfig, '--catalog', fullTableCatalog] }],
    { stdoutFile: capturedSinger },
  );
  if (capture.failures.length > 0) throw new Error(`Capturing the Singer file failed: ${capture.failures.join('\n')}`);
  return ctx;
}

function loadDataset(psql: string, settings: ServerSettings, vars: string[]): void {
  execFileSync(psql, psqlArgs(settings, DATASET, { file: true, vars }), {
    env: { ...process.env, ...psqlEnv(settings) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Reads a JSON file. */
export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}
