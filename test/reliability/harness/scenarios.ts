/** Replication methods the tap offers (wire names). */
export type Method = 'FULL_TABLE' | 'INCREMENTAL' | 'XMIN' | 'LOG_BASED';

/** Faults the harness injects at a random moment of a `tap | target` run. */
export const FAULT_KINDS = [
  'kill-tap',
  'kill-target',
  'term-tap',
  'term-target',
  'restart-source',
  'restart-destination',
  'terminate-tap-backend',
  'terminate-target-backend',
] as const;

/** One of FAULT_KINDS. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One replication set-up the fault suite drives. */
export interface Scenario {
  readonly name: string;
  readonly method: Method;
  /** LOG_BASED: the decoding plugin (tap config `logical_decoding_plugin`). */
  readonly plugin?: 'wal2json' | 'pgoutput';
  /** INCREMENTAL: the replication key (kept current by a trigger). */
  readonly replicationKey?: string;
  /** The writer deletes rows too (only where the method can see deletes: LOG_BASED). */
  readonly writerDeletes: boolean;
  /** Target `hard_delete`; when off, deleted rows stay with `_sdc_deleted_at` set. */
  readonly hardDelete: boolean;
  /** Tap `itersize`: small, so a run checkpoints (and a FULL_TABLE copy resumes) mid-table. */
  readonly itersize: number;
  /** Target `batch_size_rows`: small, so several batches commit before a fault. */
  readonly batchSizeRows: number;
}

const common = { writerDeletes: false, hardDelete: false, itersize: 250, batchSizeRows: 400 } as const;

/** Scenarios the tap supports today: run by `npm test` (a seeded sample) and by the soak runner. */
export const SCENARIOS: readonly Scenario[] = [
  { name: 'full-table-resume-mid-table', method: 'FULL_TABLE', ...common },
  { name: 'incremental-updated-at', method: 'INCREMENTAL', replicationKey: 'updated_at', ...common },
  { name: 'xmin', method: 'XMIN', ...common },
];

/**
 * LOG_BASED scenarios, run when LOG_BASED_SCENARIOS_ENABLED (the tap accepts `replication-method: LOG_BASED`).
 */
export const LOG_BASED_SCENARIOS: readonly Scenario[] = [
  { ...common, name: 'log-based-wal2json-soft-delete', method: 'LOG_BASED', plugin: 'wal2json', writerDeletes: true },
  {
    ...common,
    name: 'log-based-wal2json-hard-delete',
    method: 'LOG_BASED',
    plugin: 'wal2json',
    writerDeletes: true,
    hardDelete: true,
  },
  { ...common, name: 'log-based-pgoutput-soft-delete', method: 'LOG_BASED', plugin: 'pgoutput', writerDeletes: true },
  {
    ...common,
    name: 'log-based-pgoutput-hard-delete',
    method: 'LOG_BASED',
    plugin: 'pgoutput',
    writerDeletes: true,
    hardDelete: true,
  },
];

/**
 * On since the tap accepts LOG_BASED (packages/tap-postgres/src/log-based); log-based-status.test.ts fails whenever
 * this switch and the tap disagree.
 */
export const LOG_BASED_SCENARIOS_ENABLED = true;

/** Every scenario that runs now. */
export function activeScenarios(): readonly Scenario[] {
  return LOG_BASED_SCENARIOS_ENABLED ? [...SCENARIOS, ...LOG_BASED_SCENARIOS] : SCENARIOS;
}

/** The scenario named `name`, or every active scenario of a method (soak's `--method`). */
export function scenariosFor(selector: string | undefined): readonly Scenario[] {
  const all = [...SCENARIOS, ...LOG_BASED_SCENARIOS];
  if (selector === undefined) return activeScenarios();
  const chosen = all.filter((s) => s.name === selector || s.method === selector.toUpperCase());
  if (chosen.length === 0)
    throw new Error(`No scenario or method named ${selector}: ${all.map((s) => s.name).join(', ')}`);
  return chosen;
}
