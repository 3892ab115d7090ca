import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { quoteQualified } from '../identifiers';
import { sqlState, SqlState } from '@pgsinger/postgres';
import type { Batch } from './batch';
import type { EmitReport } from './batch-types';
import type { LoadColumn } from './encode-row';
import { isConnectionLoss } from './connection-lost';
import { loadError } from './load-error';
import {
  copyFromSql,
  createStagingSql,
  deleteByKeySql,
  insertMissingSql,
  stagingTable,
  updateExistingSql,
  upsertSql,
  ABSENT_COLUMN,
  DELETED_COLUMN,
} from './merge-sql';

/** A stream's destination as loading sees it. */
export interface LoadTarget {
  readonly stream: string;
  readonly schema: string;
  readonly table: string;
  readonly columns: readonly LoadColumn[];
  readonly keys: readonly string[];
  readonly hasKeyConstraint: boolean;
  /** Staging table name for this column signature. */
  readonly stagingName: string;
}

/** What a load did. */
export interface LoadResult {
  readonly rows: number;
  readonly deleted: number;
  readonly direct: boolean;
  /** A direct COPY was tried and hit an existing key (the sink stops trying). */
  readonly directRefused: boolean;
}

const stagingCreated = new WeakMap<Client, Set<string>>();

async function copyInto(client: Client, sql: string, buffers: Iterable<Buffer>): Promise<void> {
  await pipeline(Readable.from(buffers), client.query(copyFrom(sql)));
}

const newReport = (): EmitReport => ({ lineNumbers: [], groups: new Set(), deleted: 0 });

/** Loads one batch in one transaction: direct COPY into an empty table, else COPY to staging + merge + deletes. */
export async function loadBatch(
  client: Client,
  target: LoadTarget,
  batch: Batch,
  options: { readonly tryDirect: boolean },
): Promise<LoadResult> {
  const table = quoteQualified(target.schema, target.table);
  const names = target.columns.map((c) => c.name);
  let report = newReport();
  await client.query('BEGIN');
  try {
    let direct = target.keys.length === 0;
    let directRefused = false;
    if (!direct && options.tryDirect && batch.deletes === 0) {
      if (target.hasKeyConstraint) {
        // All-new keys (a first load, appends) go straight in; the first existing key aborts to the merge path.
        direct = await tryDirectCopy(client, table, names, batch, report);
        directRefused = !direct;
        if (!direct) report = newReport();
      } else {
        const res = await client.query<{ empty: boolean }>(`SELECT NOT EXISTS (SELECT 1 FROM ${table}) AS empty`);
        direct = res.rows[0]?.empty === true;
      }
    }
    let rows = 0;
    if (direct) {
      if (report.lineNumbers.length === 0) await copyDirect(client, table, names, batch, report);
      rows = report.lineNumbers.length;
    } else {
      await ensureStaging(client, target);
      const staging = stagingTable(target.stagingName);
      // Rows that all carry every column and no delete leave the staging flags at their defaults.
      const full = !batch.uniform;
      const columns = full ? [...names, ABSENT_COLUMN, DELETED_COLUMN] : names;
      await copyInto(client, copyFromSql(staging, columns), batch.emit({ staging: full, skipDeleted: false }, report));
      report.lineNumbers.length = 0; // merge errors cannot be traced to a line
      for (const absent of report.groups) await mergeGroup(client, target, table, staging, absent);
      if (report.deleted > 0) await client.query(deleteByKeySql(table, staging, target.keys));
      rows = batch.size - report.deleted;
    }
    await client.query('COMMIT');
    return { rows, deleted: report.deleted, direct, directRefused };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    stagingCreated.get(client)?.delete(target.stagingName);
    if (isConnectionLoss(error)) throw error; // ConnectionPool.use names the server and drops the client
    throw loadError(error, target.stream, report.lineNumbers, batch);
  }
}

async function copyDirect(
  client: Client,
  table: string,
  names: readonly string[],
  batch: Batch,
  report: EmitReport,
): Promise<void> {
  await copyInto(client, copyFromSql(table, names), batch.emit({ staging: false, skipDeleted: true }, report));
}

async function tryDirectCopy(
  client: Client,
  table: string,
  names: readonly string[],
  batch: Batch,
  report: EmitReport,
): Promise<boolean> {
  await client.query('SAVEPOINT pgs_direct');
  try {
    await copyDirect(client, table, names, batch, report);
    await client.query('RELEASE SAVEPOINT pgs_direct');
    return true;
  } catch (error) {
    if (sqlState(error) !== SqlState.unique_violation) throw error;
    await client.query('ROLLBACK TO SAVEPOINT pgs_direct');
    return false;
  }
}

async function ensureStaging(client: Client, target: LoadTarget): Promise<void> {
  let created = stagingCreated.get(client);
  if (created === undefined) stagingCreated.set(client, (created = new Set()));
  if (created.has(target.stagingName)) return;
  await client.query(createStagingSql(target.stagingName, target.columns));
  created.add(target.stagingName);
}

async function mergeGroup(
  client: Client,
  target: LoadTarget,
  table: string,
  staging: string,
  absent: string,
): Promise<void> {
  const skip = new Set(absent === '' ? [] : absent.split(',').map(Number));
  const columns = target.columns.filter((_, i) => !skip.has(i)).map((c) => c.name);
  const types = new Map(target.columns.map((c) => [c.name, c.type]));
  const input = { target: table, staging, columns, keys: target.keys, types };
  if (target.hasKeyConstraint) {
    await client.query(upsertSql(input), [absent]);
    return;
  }
  const update = updateExistingSql(input);
  if (update !== undefined) await client.query(update, [absent]);
  await client.query(insertMissingSql(input), [absent]);
}
