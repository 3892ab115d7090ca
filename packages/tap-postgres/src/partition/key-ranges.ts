import { quoteIdent, quoteQualified } from '@pgsinger/postgres';
import type { ClientBase } from 'pg';
import type { TypedColumn } from '../stream/resolved-stream';
import type { KeyRange } from './partition-plan';

/**
 * Table blocks sampled per partition. Keys usually follow the physical order (a sequence, a time), so a block holds a
 * run of neighbouring keys: the sample's precision is set by its number of blocks, not rows (500 per partition:
 * about ±3% of a partition's share).
 */
const SAMPLE_BLOCKS_PER_PARTITION = 500;

/** The table whose primary key is split. */
export interface SplitTable {
  readonly schema: string;
  readonly table: string;
  /** A plain table's own rows only (ONLY: not its inheritance children's), as its partitions read it. */
  readonly only: boolean;
  readonly keys: readonly TypedColumn[];
}

/**
 * Splits a table's primary key into `count` ranges holding about as many rows each, at the quantiles of a block
 * sample of its keys (TABLESAMPLE SYSTEM over SAMPLE_BLOCKS_PER_PARTITION blocks per partition; the whole key of a
 * small table), so skewed keys split evenly. Run it in the plan's snapshot.
 */
export async function planKeyRanges(
  client: ClientBase,
  split: SplitTable,
  count: number,
): Promise<(KeyRange | null)[]> {
  if (split.keys.length === 0 || count === 1) return keylessRanges(count);
  const relation = quoteQualified(split.schema, split.table);
  const size = await client.query<{ blocks: string }>(
    `SELECT (coalesce((SELECT sum(pg_relation_size(t.relid)) FROM pg_partition_tree(c.oid) t WHERE t.isleaf),
       pg_relation_size(c.oid)) / current_setting('block_size')::bigint)::text AS blocks
     FROM pg_class c WHERE c.oid = $1::regclass`,
    [relation],
  );
  const percent = samplePercent(Number(size.rows[0]?.blocks ?? 0), count);
  const keys = split.keys.map((key) => quoteIdent(key.name)).join(', ');
  // The smallest sampled key of each of `count` equal buckets: buckets 2…count start the ranges 1…count-1.
  const result = await client.query<(string | null)[]>({
    text:
      `SELECT DISTINCT ON (bucket) bucket, ${keys} FROM (SELECT ${keys}, ntile($1::int) OVER (ORDER BY ${keys}) AS bucket` +
      ` FROM ${split.only ? 'ONLY ' : ''}${relation} TABLESAMPLE SYSTEM ($2::float8) REPEATABLE (0)) sample` +
      ` ORDER BY bucket, ${keys}`,
    values: [count, percent],
    rowMode: 'array',
  });
  const starts = result.rows.slice(1).map((row) => row.slice(1).map((text) => text ?? ''));
  return rangesFromStarts(starts, count);
}

/** The sample's size in percent of the table's blocks (pure). */
export function samplePercent(blocks: number, count: number): number {
  const wanted = SAMPLE_BLOCKS_PER_PARTITION * count;
  if (!(blocks > wanted)) return 100;
  return (wanted * 100) / blocks;
}

/**
 * `count` ranges from the keys that start ranges 1…: range 0 from the beginning, the last one to the end; when the
 * sample had fewer keys than partitions, the partitions left over get nothing (null) (pure).
 */
export function rangesFromStarts(starts: readonly (readonly string[])[], count: number): (KeyRange | null)[] {
  const ranges: (KeyRange | null)[] = [];
  for (let i = 0; i < count; i += 1) {
    if (i > starts.length) ranges.push(null);
    else ranges.push({ ...(i > 0 ? { from: starts[i - 1] } : {}), ...(i < starts.length ? { to: starts[i] } : {}) });
  }
  return ranges;
}

/** A table without a key is not split: partition 0 copies it whole (ctid ranges would need one shared snapshot). */
export function keylessRanges(count: number): (KeyRange | null)[] {
  return Array.from({ length: count }, (_, i) => (i === 0 ? {} : null));
}
