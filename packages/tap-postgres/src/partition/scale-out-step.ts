import { SingerError } from '@pgsinger/singer';

/** The scale-out flags of tap-postgres. */
export interface ScaleOutArgs {
  readonly discover?: boolean;
  readonly planPartitions?: number;
  readonly plan?: string;
  readonly partition?: number;
  readonly mergeStates?: readonly string[];
}

const usage = (message: string, fix: string): SingerError => new SingerError(message, 'ARGS_INVALID', fix);

/** Which scale-out step the flags ask for, if any (pure); a combination that means nothing is an error. */
export function scaleOutStep(args: ScaleOutArgs): 'plan' | 'partition' | 'merge' | undefined {
  const planning = args.planPartitions !== undefined;
  if (planning && (args.plan !== undefined || args.partition !== undefined || args.mergeStates !== undefined))
    throw usage(
      '--plan-partitions makes a plan: it takes no --plan, --partition or --merge-states',
      'run the steps one by one',
    );
  if (planning && (!Number.isSafeInteger(args.planPartitions) || (args.planPartitions ?? 0) < 1))
    throw usage(
      `--plan-partitions ${String(args.planPartitions)} is not a number of partitions`,
      'pass an integer ≥ 1',
    );
  if ((args.partition !== undefined || args.mergeStates !== undefined) && args.plan === undefined)
    throw usage('--partition and --merge-states need --plan', 'pass the plan file --plan-partitions printed');
  if (args.partition !== undefined && args.mergeStates !== undefined)
    throw usage('--partition runs a partition, --merge-states merges them: not both', 'run the steps one by one');
  if (args.discover === true && (planning || args.plan !== undefined))
    throw usage('--discover takes no scale-out flag', 'run discovery on its own');
  if (args.mergeStates !== undefined) {
    if (args.mergeStates.length === 0) throw usage('--merge-states needs the state files', 'pass one per partition');
    return 'merge';
  }
  if (planning) return 'plan';
  return args.plan === undefined ? undefined : 'partition';
}
