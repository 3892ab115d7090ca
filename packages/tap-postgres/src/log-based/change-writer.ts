import {
  emptyColumnValues,
  type ColumnValues,
  type DecodedChange,
  type Lsn,
  type TruncateChange,
} from '../replication';
import type { RunContext } from '../run/run-context';
import { schemaMessage } from '../stream/schema-message';
import { quoteQualified } from '@pgsinger/postgres';
import { MemoryGuard } from './memory-guard';
import type { RouteTable } from './route-table';
import type { StreamRoute } from './stream-route';
import { TruncateGroup } from './truncate-group';

/** What ChangeWriter uses: the run's context (its client is a primary's) and the streams' routes. */
export interface ChangeWriterOptions extends RunContext {
  readonly routes: RouteTable;
}

/** Turns the changes of one transaction at a time into SCHEMA, RECORD and ACTIVATE_VERSION messages. */
export class ChangeWriter {
  /** Records written in the whole run. */
  total = 0;
  private commitLsn: Lsn | undefined;
  private records = 0;
  private readonly warned = new Set<string>();
  private readonly memory = new MemoryGuard();
  private readonly truncated = new TruncateGroup();
  private mustFlush = false;

  constructor(private readonly options: ChangeWriterOptions) {}

  /** Between a begin and its commit. */
  get inTransaction(): boolean {
    return this.commitLsn !== undefined;
  }

  /** Records written since the transaction began. */
  get pending(): number {
    return this.records;
  }

  /** True when the output asked to wait, or a TRUNCATE is to be settled: the next item must go through apply(). */
  get blocked(): boolean {
    return this.mustFlush || this.truncated.waiting;
  }

  /** Settles a TRUNCATE statement before the commit (a commit must not be handled while `blocked`). */
  async beforeCommit(): Promise<void> {
    if (this.truncated.waiting) await this.settleTruncate();
  }

  /** Ends the transaction; returns how many records it wrote. */
  commit(): number {
    const records = this.records;
    this.commitLsn = undefined;
    this.records = 0;
    return records;
  }

  /**
   * Handles a begin, message or row change at once when that needs no I/O (the table and its columns are known);
   * false when it must go through apply() instead.
   */
  applyNow(change: Exclude<DecodedChange, { kind: 'commit' }>): boolean {
    if (this.truncated.waiting) return false;
    switch (change.kind) {
      case 'begin':
        this.commitLsn = change.commitLsn;
        this.records = 0;
        return true;
      case 'message':
        return true;
      case 'truncate':
        return false;
      default: {
        const match = this.options.routes.known(change);
        if (match === undefined) return false;
        if (match === null || !this.applies(match.route)) return true;
        const route = match.route;
        if (change.kind === 'delete') return this.deleteNow(route, change.key, change.commitTime, change.lsn);
        if (route.unknownColumns(change.columns) !== undefined) return false;
        if (change.kind === 'update' && change.key !== undefined && keyChanged(route, change.key, change.columns))
          this.deleteNow(route, change.key, change.commitTime, change.lsn);
        this.emit(route, change.columns, null, change.lsn);
        return true;
      }
    }
  }

  /** Handles one change other than a commit, with I/O when needed (new tables, new columns, TRUNCATE, 'drain'). */
  async apply(change: Exclude<DecodedChange, { kind: 'commit' }>): Promise<void> {
    if (this.mustFlush) await this.flush();
    if (change.kind === 'truncate') return this.truncate(change);
    if (this.truncated.waiting) await this.settleTruncate();
    if (change.kind === 'begin' || change.kind === 'message') {
      this.applyNow(change);
      return;
    }
    const match = await this.options.routes.find(change);
    if (match === undefined || !this.applies(match.route)) return;
    const route = match.route;
    if (change.kind === 'delete') {
      await this.write(route, keyOnly(route, change.key), change.commitTime, change.lsn);
    } else {
      if (change.kind === 'update' && change.key !== undefined && keyChanged(route, change.key, change.columns))
        await this.write(route, keyOnly(route, change.key), change.commitTime, change.lsn);
      await this.write(route, change.columns, null, change.lsn);
    }
    if (this.mustFlush) await this.flush();
  }

  private applies(route: StreamRoute): boolean {
    return this.commitLsn === undefined || this.commitLsn >= route.threshold;
  }

  /** A delete's record now (true also when it is skipped for want of a key); false when it has unknown columns. */
  private deleteNow(route: StreamRoute, key: ColumnValues, deletedAt: string, lsn: Lsn): boolean {
    const values = keyOnly(route, key);
    if (route.unknownColumns(values) !== undefined) return false;
    if (!this.missingKey(route, values)) this.emit(route, values, deletedAt, lsn);
    return true;
  }

  private async write(route: StreamRoute, values: ColumnValues, deletedAt: string | null, lsn: Lsn): Promise<void> {
    const { writer, client, config, logger } = this.options;
    if (deletedAt !== null && this.missingKey(route, values)) return;
    const unknown = route.unknownColumns(values);
    if (unknown !== undefined && (await route.refresh(client, unknown, config, logger)))
      await writer.write(schemaMessage(route.stream));
    this.emit(route, values, deletedAt, lsn);
  }

  private missingKey(route: StreamRoute, values: ColumnValues): boolean {
    if (route.stream.keyProperties.every((key) => key in values)) return false;
    this.warnOnce(route.id, `${route.id}: a delete without its key columns was skipped (set a replica identity)`);
    return true;
  }

  /** Buffers the RECORD line (no I/O): when the output asks to wait, `blocked` says so. */
  private emit(route: StreamRoute, values: ColumnValues, deletedAt: string | null, lsn: Lsn): void {
    const line = route.serializer.serialize(values, this.options.config.debug_lsn ? { deletedAt, lsn } : { deletedAt });
    if (!this.options.writer.bufferLine(line)) this.mustFlush = true;
    this.records += 1;
    this.total += 1;
    this.memory.tick();
  }

  private async flush(): Promise<void> {
    await this.options.writer.flush();
    this.mustFlush = false;
  }

  /** Gathers the tables of a TRUNCATE; what it did is settled at the next change of another kind (settleTruncate). */
  private async truncate(change: TruncateChange): Promise<void> {
    for (const table of change.tables) {
      const match = await this.options.routes.find(table);
      if (match !== undefined && this.applies(match.route)) this.truncated.add(match.route, match.viaPartition, table);
    }
  }

  /**
   * A stream whose whole table was emptied gets a new version (ACTIVATE_VERSION: the target removes the older rows);
   * a stream of which only some partitions were emptied cannot be told which rows went, and a warning says so.
   */
  private async settleTruncate(): Promise<void> {
    const { routes, writer, logger, clock } = this.options;
    for (const { route, whole, partitions } of await this.truncated.settle((r) => routes.leaves(r))) {
      if (!whole) {
        const names = partitions.map((t) => quoteQualified(t.schema, t.table)).join(', ');
        logger.warn(
          `${route.id}: TRUNCATE of partition(s) ${names} is not replicated: their rows stay in the destination; ` +
            'resync the stream (remove its bookmark from the state) to drop them',
        );
        continue;
      }
      const version = Math.max(clock.now(), route.version + 1);
      route.setVersion(version);
      logger.info(`${route.id}: TRUNCATE: ACTIVATE_VERSION ${version} (older rows are removed by the target)`);
      await writer.write({ type: 'ACTIVATE_VERSION', stream: route.stream.outputStream, version });
    }
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.options.logger.warn(message);
  }
}

/** Only the key columns of a replica identity (with REPLICA IDENTITY FULL it holds every column). */
function keyOnly(route: StreamRoute, key: ColumnValues): ColumnValues {
  const keys = route.stream.keyProperties;
  if (keys.length === 0) return key;
  const values = emptyColumnValues();
  for (const name of keys) if (name in key) values[name] = key[name];
  return values;
}

/** Whether an update moved the row to another key (the old key then gets a delete). */
function keyChanged(route: StreamRoute, oldKey: ColumnValues, columns: ColumnValues): boolean {
  return route.stream.keyProperties.some((name) => name in oldKey && name in columns && oldKey[name] !== columns[name]);
}
