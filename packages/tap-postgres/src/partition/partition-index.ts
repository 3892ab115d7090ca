import { SingerError } from '@pgsinger/singer';

/**
 * Where a partition finds its index when `--partition` is absent, in this order: ours, then the engines' own
 * (Kubernetes Indexed Job, Slurm job array with `--array=0-(N-1)`, AWS Batch array job; all count from 0).
 */
export const PARTITION_INDEX_VARIABLES = [
  'TAP_POSTGRES_PARTITION',
  'JOB_COMPLETION_INDEX',
  'SLURM_ARRAY_TASK_ID',
  'AWS_BATCH_JOB_ARRAY_INDEX',
] as const;

/** The partition index from `--partition` or the first variable set (pure); an error names what is wrong. */
export function partitionIndex(
  flag: number | undefined,
  env: NodeJS.ProcessEnv,
  partitions: number,
): { readonly index: number; readonly source: string } {
  const found =
    flag !== undefined
      ? { text: String(flag), source: '--partition' }
      : PARTITION_INDEX_VARIABLES.filter((name) => env[name] !== undefined && env[name] !== '').map((name) => ({
          text: String(env[name]),
          source: name,
        }))[0];
  const fix = `pass --partition 0…${partitions - 1} (or set ${PARTITION_INDEX_VARIABLES[0]})`;
  if (found === undefined)
    throw new SingerError(
      `--plan needs a partition index: no --partition and none of ${PARTITION_INDEX_VARIABLES.join(', ')} is set`,
      'PARTITION_INDEX_MISSING',
      fix,
    );
  const index = /^\d+$/.test(found.text.trim()) ? Number(found.text.trim()) : NaN;
  if (!Number.isSafeInteger(index) || index >= partitions)
    throw new SingerError(
      `partition index ${JSON.stringify(found.text)} (from ${found.source}) is not one of 0…${partitions - 1}`,
      'PARTITION_INDEX_INVALID',
      fix,
    );
  return { index, source: found.source };
}
