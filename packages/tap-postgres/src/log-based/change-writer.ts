import type { Logger, MessageWriter, State } from '@pgsinger/singer';
import type { ClientBase } from 'pg';
import type { TapConfig } from '../config';
import type { ColumnValues, DecodedChange, Lsn, TruncateChange } from '../replication';
import { schemaMessage } from './log-based-schema';
import { MemoryGuard } from './memory-guard';
import type { RouteTable } from './route-table';
import type { StreamRoute } from './stream-route';

/** What ChangeWriter uses. */
export interface ChangeWriterOptions {
  readonly client: ClientBase;
  readonly writer: MessageWriter;
  readonly logger: Logger;
  readonly config: TapConfig;
  readonly routes: RouteTable;
  readonly now: () => number;
}

/** Turns the changes of one transaction at a time into SCHEMA, RECORD and ACTIVATE_VERSION messages. */
export class ChangeWriter {
  /** Records written in the whole run. */
  total = 0;
  private commitLsn: Lsn | undefined;
  private records = 0;
  private readonly warned = new Set<string>();
  private readonly memory = new MemoryGuard();

  constructor(private readonly options: ChangeWriterOptions) {}

  /** Between a begin and its commit. */
  get inTransaction(): boolean {
    return this.commitLsn !== undefined;
  }

  /** Ends the transaction; returns how many records it wrote. */
  commit(): number {
    const records = this.records;
    this.commitLsn = undefined;
    this.records = 0;
    return records;
  }

  /** Handles one change other than a commit. */
  async apply(change: Exclude<DecodedChange, { kind: 'commit' }>, state: State): Promise<State> {
    switch (change.kind) {
      case 'begin':
        this.commitLsn = change.commitLsn;
        this.records = 0;
        return state;
      case 'message':
        return state;
      case 'truncate':
        await this.truncate(change);
        return state;
      default: {
        const match = await this.options.routes.find(change);
        if (match === undefined || !this.applies(match.route)) return state;
        const route = match.route;
        if (change.kind === 'delete') {
          await this.write(route, keyOnly(route, change.key), change.commitTime, change.lsn);
          return state;
        }
        if (change.kind === 'update' && change.key !== undefined && keyChanged(route, change.key, change.columns))
          await this.write(route, keyOnly(route, change.key), change.commitTime, change.lsn);
        await this.write(route, change.columns, null, change.lsn);
        return state;
      }
    }
  }

  private applies(route: StreamRoute): boolean {
    return this.commitLsn === undefined || this.commitLsn >= route.threshold;
  }

  private async write(route: StreamRoute, values: ColumnValues, deletedAt: string | null, lsn: Lsn): Promise<void> {
    const { writer, client, config, logger } = this.options;
    if (deletedAt !== null && route.stream.keyProperties.some((key) => !(key in values))) {
      this.warnOnce(route.id, `${route.id}: a delete without its key columns was skipped (set a replica identity)`);
      return;
    }
    const unknown = route.unknownColumns(values);
    if (unknown !== undefined && (await route.refresh(client, unknown, config, logger)))
      await writer.write(schemaMessage(route.stream));
    const line = route.serializer.serialize(values, {
      deletedAt,
      ...(config.debug_lsn ? { lsn } : {}),
    });
    await writer.writeLine(line);
    this.records += 1;
    this.total += 1;
    this.memory.tick();
  }

  private async truncate(change: TruncateChange): Promise<void> {
    const { routes, writer, logger, now } = this.options;
    const truncated = new Map<StreamRoute, string[]>();
    for (const table of change.tables) {
      const match = await routes.find(table);
      if (match === undefined || !this.applies(match.route)) continue;
      const list = truncated.get(match.route) ?? [];
      list.push(match.viaPartition ? `${table.schema}\u0000${table.table}` : '');
      truncated.set(match.route, list);
    }
    for (const [route, names] of truncated) {
      if (!names.includes('')) {
        const leaves = (await routes.leaves(route)).map((leaf) => `${leaf.schema}\u0000${leaf.table}`);
        if (!leaves.every((leaf) => names.includes(leaf))) {
          logger.warn(`${route.id}: TRUNCATE of some of its partitions is not replicated; resync the stream`);
          continue;
        }
      }
      const version = Math.max(now(), route.version + 1);
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
  const values: ColumnValues = {};
  for (const name of keys) if (name in key) values[name] = key[name];
  return values;
}

/** Whether an update moved the row to another key (the old key then gets a delete). */
function keyChanged(route: StreamRoute, oldKey: ColumnValues, columns: ColumnValues): boolean {
  return route.stream.keyProperties.some((name) => name in oldKey && name in columns && oldKey[name] !== columns[name]);
}
