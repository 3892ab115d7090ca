import type { Logger } from '@pgsinger/singer';
import type { ClientBase } from 'pg';
import type { TableName } from '../replication';
import type { StreamRoute } from './stream-route';

const key = (schema: string, table: string): string => `${schema}\u0000${table}`;

/** Where a change on a table goes: the stream of the table itself, or of its partitioned root. */
export interface RouteMatch {
  readonly route: StreamRoute;
  /** True when the table is a partition of the stream's (partitioned) table. */
  readonly viaPartition: boolean;
}

/**
 * Finds the stream of a changed table. Tables that are not streams are looked up once (pg_partition_root) so that
 * changes on partitions, including partitions created while streaming, go to the root's stream.
 */
export class RouteTable {
  private readonly byTable = new Map<string, StreamRoute>();
  /** Every table looked up so far: its match, or null when it belongs to no stream. */
  private readonly matches = new Map<string, RouteMatch | null>();
  private last: { table: TableName; match: RouteMatch | null } | undefined;

  constructor(
    readonly routes: readonly StreamRoute[],
    private readonly client: ClientBase,
    private readonly logger: Logger,
  ) {
    for (const route of routes) this.byTable.set(key(route.stream.schemaName, route.stream.tableName), route);
  }

  /** The stream a change on `table` belongs to, or undefined. */
  async find(table: TableName): Promise<RouteMatch | undefined> {
    const known = this.known(table);
    if (known !== undefined) return known ?? undefined;
    const route = await this.rootRoute(table);
    const match = route === undefined ? null : { route, viaPartition: true };
    this.matches.set(key(table.schema, table.table), match);
    return match ?? undefined;
  }

  /**
   * Without I/O: the match of a table already looked up or of a stream's own table, null for a table of no stream,
   * undefined when only find() can tell (a table not seen yet).
   */
  known(table: TableName): RouteMatch | null | undefined {
    // Changes come table after table in runs, with the decoder's same name strings: skip building the key then.
    const last = this.last;
    if (last !== undefined && last.table.schema === table.schema && last.table.table === table.table) return last.match;
    const name = key(table.schema, table.table);
    let match = this.matches.get(name);
    if (match === undefined) {
      const direct = this.byTable.get(name);
      if (direct === undefined) return undefined;
      match = { route: direct, viaPartition: false };
      this.matches.set(name, match);
    }
    this.last = { table: { schema: table.schema, table: table.table }, match };
    return match;
  }

  /** Leaf partitions of a partitioned stream table, now. */
  async leaves(route: StreamRoute): Promise<TableName[]> {
    const result = await this.client.query<{ schema: string; table: string }>(
      `SELECT n.nspname AS schema, c.relname AS table
         FROM pg_partition_tree(format('%I.%I', $1::text, $2::text)::regclass) t
         JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE t.isleaf`,
      [route.stream.schemaName, route.stream.tableName],
    );
    return result.rows;
  }

  private async rootRoute(table: TableName): Promise<StreamRoute | undefined> {
    if (!this.routes.some((route) => route.stream.relkind === 'p')) return undefined;
    const result = await this.client.query<{ schema: string; table: string }>(
      `SELECT rn.nspname AS schema, rc.relname AS table
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_class rc ON rc.oid = pg_partition_root(c.oid) JOIN pg_namespace rn ON rn.oid = rc.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2`,
      [table.schema, table.table],
    );
    const root = result.rows[0];
    const route = root === undefined ? undefined : this.byTable.get(key(root.schema, root.table));
    if (route !== undefined) this.logger.info(`${route.id}: changes on partition ${table.schema}.${table.table}`);
    return route;
  }
}
