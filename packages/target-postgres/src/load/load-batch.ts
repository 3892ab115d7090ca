import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { quoteQualified } from '../identifiers';
import { sqlState, SqlState } from '@pgsinger/postgres';
import type { Batch } from '../batch/batch';
import type { EmitReport } from '../batch/batch-types';
import type { LoadAccess } from '../load-access';
import type { StreamTable } from '../stream-table';
import { collapseEqualKeys } from './collapse-equal-keys';
import { isConnectionLoss } from './connection-lost';
import { loadError } from './load-error';
import {
  copyFromSql,
  createStagingSql,
  deleteByKeySql,
  insertMissingSql,
  stagingNameFor,
  stagingTable,
  updateExistingSql,
  upsertSql,
  ABSENT_COLUMN,
  DELETED_COLUMN,
} from './merge-sql';

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
  target: StreamTable,
  batch: Batch,
  options: {
    readonly tryDirect: boolean;
    readonly access: LoadAccess;
    readonly collapsed?: boolean;
    /**
     * The stream's previous load, when this one may fill its staging table meanwhile: true once it committed, false
     * when it failed. The merge waits for it (and rolls back on false), so loads still apply in order.
     */
    readonly after?: Promise<boolean>;
  },
): Promise<LoadResult> {
  const table = quoteQualified(target.schema, target.table);
  const names = target.columns.map((c) => c.name);
  const copyDirect = (report: EmitReport): Promise<void> =>
    copyInto(client, copyFromSql(table, names), batch.emit({ staging: false, skipDeleted: true }, report));
  const stagingName = stagingNameFor(target);
  let report = newReport();
  await client.query('BEGIN');
  try {
    let direct = target.keys.length === 0;
    let directRefused = false;
    if (!direct && options.tryDirect && batch.deletes === 0) {
      if (target.hasKeyConstraint) {
        // All-new keys (a first load, appends) go straight in; the first existing key aborts to the merge path.
        direct = await tryDirectCopy(client, () => copyDirect(report));
        directRefused = !direct;
        if (!direct) report = newReport();
      } else {
        const res = await client.query<{ empty: boolean }>(`SELECT NOT EXISTS (SELECT 1 FROM ${table}) AS empty`);
        direct = res.rows[0]?.empty === true;
      }
    }
    let rows = 0;
    if (direct) {
      if (report.lineNumbers.length === 0) await copyDirect(report);
      rows = report.lineNumbers.length;
    } else {
      await ensureStaging(client, stagingName, target);
      const staging = stagingTable(stagingName);
      // Rows that all carry every column and no delete leave the staging flags at their defaults.
      const full = !batch.uniform;
      const columns = full ? [...names, ABSENT_COLUMN, DELETED_COLUMN] : names;
      await copyInto(client, copyFromSql(staging, columns), batch.emit({ staging: full, skipDeleted: false }, report));
      report.lineNumbers.length = 0; // merge errors cannot be traced to a line
      if (options.after !== undefined && !(await options.after)) throw new Error('the previous load failed');
      for (const absent of report.groups) await mergeGroup(client, target, table, staging, absent);
      if (report.deleted > 0) await client.query(deleteByKeySql(table, staging, target.keys));
      rows = batch.size - report.deleted;
    }
    await client.query('COMMIT');
    return { rows, deleted: report.deleted, direct, directRefused };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    stagingCreated.get(client)?.delete(stagingName);
    if (isConnectionLoss(error)) throw error; // ConnectionPool.use names the server and drops the client
    if (sqlState(error) === SqlState.cardinality_violation && options.collapsed !== true) {
      // Two rows of the batch hold keys PostgreSQL finds equal although spelled differently: load them as one.
      const collapsed = await collapseEqualKeys(client, target, batch);
      try {
        return await loadBatch(client, target, collapsed, { ...options, tryDirect: false, collapsed: true });
      } finally {
        collapsed.release();
      }
    }
    throw loadError(error, target, report.lineNumbers, batch, options.access);
  }
}

/** Runs a direct COPY under a savepoint; false (rolled back to it) when a key already exists. */
async function tryDirectCopy(client: Client, copyDirect: () => Promise<void>): Promise<boolean> {
  await client.query('SAVEPOINT pgs_direct');
  try {
    await copyDirect();
    await client.query('RELEASE SAVEPOINT pgs_direct');
    return true;
  } catch (error) {
    if (sqlState(error) !== SqlState.unique_violation) throw error;
    await client.query('ROLLBACK TO SAVEPOINT pgs_direct');
    return false;
  }
}

/** Creates the session's staging table for this column signature, once per connection. */
async function ensureStaging(client: Client, name: string, target: StreamTable): Promise<void> {
  let created = stagingCreated.get(client);
  if (created === undefined) stagingCreated.set(client, (created = new Set()));
  if (created.has(name)) return;
  await client.query(createStagingSql(name, target.columns));
  created.add(name);
}

async function mergeGroup(
  client: Client,
  target: StreamTable,
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
