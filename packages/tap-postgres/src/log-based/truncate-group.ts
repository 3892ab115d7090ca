import type { TableName } from '../replication';
import type { StreamRoute } from './stream-route';

/** What one TRUNCATE statement did to a stream's table. */
export interface TruncateOutcome {
  readonly route: StreamRoute;
  /** The table lost every row: the table itself, or every leaf partition of it, was truncated. */
  readonly whole: boolean;
  /** The partitions that were truncated (when not whole, their rows are gone from the source only). */
  readonly partitions: readonly TableName[];
}

const key = (table: TableName): string => `${table.schema}\u0000${table.table}`;

/**
 * The tables one TRUNCATE statement emptied, gathered per stream. wal2json sends a statement's tables as separate
 * changes one after the other (a partitioned table, then each of its partitions), pgoutput as one: the statement is
 * over at the next change of another kind or at the commit, and only then is it known what it did to each stream.
 */
export class TruncateGroup {
  private readonly pending = new Map<StreamRoute, { own: boolean; partitions: TableName[] }>();

  /** Whether a statement's tables are waiting to be settled. */
  get waiting(): boolean {
    return this.pending.size > 0;
  }

  /** Adds a truncated table: the stream's own table, or one of its partitions. */
  add(route: StreamRoute, viaPartition: boolean, table: TableName): void {
    const entry = this.pending.get(route) ?? { own: false, partitions: [] };
    if (viaPartition) entry.partitions.push({ schema: table.schema, table: table.table });
    else entry.own = true;
    this.pending.set(route, entry);
  }

  /** What the statement did to each stream (`leaves` lists a partitioned stream table's leaves now); empties the group. */
  async settle(leaves: (route: StreamRoute) => Promise<readonly TableName[]>): Promise<TruncateOutcome[]> {
    const outcomes: TruncateOutcome[] = [];
    for (const [route, { own, partitions }] of this.pending) {
      const truncated = new Set(partitions.map(key));
      const whole = own || (await leaves(route)).every((leaf) => truncated.has(key(leaf)));
      outcomes.push({ route, whole, partitions });
    }
    this.pending.clear();
    return outcomes;
  }
}
