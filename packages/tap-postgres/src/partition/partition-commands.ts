import { readFileSync } from 'node:fs';
import {
  normalizeState,
  SingerError,
  StateError,
  systemClock,
  isStreamSelected,
  type Catalog,
  type Logger,
  type MetadataEntry,
  type State,
} from '@pgsinger/singer';
import { REPLICATION_METHODS, type ReplicationMethod } from '../config';
import { syncStreams } from '../coordinator';
import type { RunContext } from '../run/run-context';
import type { Strategy } from '../run/strategy';
import { mergePartitionStates } from './merge-states';
import { partitionCopy, partitionProgress } from './partition-copy';
import { partitionIndex } from './partition-index';
import type { PartitionPlan } from './partition-plan';
import { readPlanFile } from './plan-file';
import { planPartitions } from './plan-partitions';

/** What the plan and partition steps get from the CLI. */
export interface PartitionRunOptions extends Omit<RunContext, 'clock'> {
  readonly catalog: Catalog;
  readonly state: State;
}

/** `--plan-partitions N`: prints the plan as one JSON document. */
export async function runPlanStep(options: PartitionRunOptions, partitions: number): Promise<void> {
  const plan = await planPartitions({ ...options, clock: systemClock, partitions });
  for (const stream of plan.streams) {
    const used = stream.ranges.filter((range) => range !== null).length;
    const key = stream.split_key.map((column) => column.name).join(', ') || 'no primary key: partition 0 copies it';
    options.logger.info(
      `${stream.tap_stream_id}: ${stream.replication_method} in ${used} of ${partitions} ranges (${key})`,
    );
  }
  await options.writer.writeLine(JSON.stringify(plan, null, 2));
}

/** `--plan FILE [--partition I]`: copies partition I's key range of every planned stream. */
export async function runPartitionStep(
  options: PartitionRunOptions,
  planPath: string,
  flag: number | undefined,
): Promise<void> {
  const { logger, client } = options;
  const plan = readPlanFile(planPath, logger);
  const { index, source } = partitionIndex(flag, process.env, plan.partitions);
  logger.info(`Partition ${index} of ${plan.partitions} (index from ${source}), plan ${plan.plan_id}`);
  const database = (await client.query<{ name: string }>('SELECT current_database() AS name')).rows[0].name;
  if (database !== plan.database)
    throw new SingerError(
      `the plan is for database "${plan.database}", the config connects to "${database}"`,
      'PLAN_MISMATCH',
      'use the config the plan was made with',
    );
  checkOwnState(plan, index, options.state);
  await syncStreams({
    ...options,
    catalog: plannedCatalog(plan, options.catalog),
    strategies: partitionStrategies(plan, index),
  });
}

/** `--plan FILE --merge-states F…`: prints the one state a normal run continues from. */
export function runMergeStep(planPath: string, files: readonly string[], logger: Logger): string {
  const plan = readPlanFile(planPath, logger);
  const state = mergePartitionStates(
    plan,
    files.map((path) => ({ path, state: readPartitionState(path) })),
  );
  for (const stream of plan.streams)
    logger.info(
      `${stream.tap_stream_id}: ${plan.partitions} partitions merged; the next run activates version ${stream.version}`,
    );
  return JSON.stringify(state);
}

function partitionStrategies(plan: PartitionPlan, index: number): Record<ReplicationMethod, Strategy> {
  const entries = REPLICATION_METHODS.map((method) => [method, partitionCopy(plan, index, method)] as const);
  return Object.fromEntries(entries) as Record<ReplicationMethod, Strategy>;
}

/**
 * The catalog's entries of the planned streams, which must be selected; their `row-count` is left out (it counts the
 * whole table, so a partition's progress would never pass 1/N of it).
 */
function plannedCatalog(plan: PartitionPlan, catalog: Catalog): Catalog {
  const ids = new Set(plan.streams.map((stream) => stream.tap_stream_id));
  const entries = catalog.streams.filter((entry) => ids.has(entry.tap_stream_id) && isStreamSelected(entry));
  const found = new Set(entries.map((entry) => entry.tap_stream_id));
  const missing = [...ids].filter((id) => !found.has(id));
  if (missing.length > 0)
    throw new SingerError(
      `--catalog does not select ${missing.join(', ')} of the plan`,
      'PLAN_MISMATCH',
      'use the catalog the plan was made with',
    );
  const withoutRowCount = (item: MetadataEntry): MetadataEntry => {
    if (item.breadcrumb.length > 0) return item;
    const metadata = { ...item.metadata };
    delete metadata['row-count'];
    return { ...item, metadata };
  };
  return { ...catalog, streams: entries.map((entry) => ({ ...entry, metadata: entry.metadata.map(withoutRowCount) })) };
}

/** A partition resumes only from its own state: one of another partition or plan would skip or mix ranges. */
function checkOwnState(plan: PartitionPlan, index: number, state: State): void {
  for (const stream of plan.streams) {
    const progress = partitionProgress(state, stream.tap_stream_id);
    if (progress !== undefined && (progress.plan_id !== plan.plan_id || progress.index !== index))
      throw new StateError(
        `--state is partition ${progress.index}'s state of plan ${progress.plan_id}, not partition ${index} of plan ${plan.plan_id}`,
        'STATE_OTHER_PARTITION',
        `pass partition ${index}'s own state (or none to start it again)`,
      );
  }
}

/** A partition's state file: a state, or a target's whole output (its last line is the state that counts). */
export function readPartitionState(path: string): State {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new StateError(
      `--merge-states ${path}: cannot be read (${(error as Error).message})`,
      'STATE_FILE_UNREADABLE',
      'check the path',
    );
  }
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const candidates = [text, lines[lines.length - 1] ?? ''];
  for (const candidate of candidates) {
    try {
      return normalizeState(JSON.parse(candidate) as unknown, `--merge-states ${path}`);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
    }
  }
  throw new StateError(
    `--merge-states ${path}: neither a state nor a target's output ending in one`,
    'STATE_INVALID',
    `pass the file partition's target-postgres printed`,
  );
}
