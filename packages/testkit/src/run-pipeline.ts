import type { BinResult } from './run-bin';
import { collect, feed, spawnBin } from './run-bin';

/** Options of runPipeline. */
export interface RunPipelineOptions {
  readonly tapArgs: readonly string[];
  readonly targetArgs: readonly string[];
  /** Environment for both programs (added to process.env). */
  readonly env?: NodeJS.ProcessEnv;
  readonly tapEnv?: NodeJS.ProcessEnv;
  readonly targetEnv?: NodeJS.ProcessEnv;
  /** Keep a copy of what the tap wrote in `tap.stdout` (default true; turn off for big benchmark runs). */
  readonly captureTapOutput?: boolean;
  readonly timeoutMs?: number;
}

/** Results of both ends of `tap-postgres … | target-postgres …`. */
export interface PipelineResult {
  readonly tap: BinResult;
  readonly target: BinResult;
}

/** Runs tap-postgres piped into target-postgres (with backpressure, like a shell pipe) and collects both results. */
export async function runPipeline(options: RunPipelineOptions): Promise<PipelineResult> {
  const tap = spawnBin('tap-postgres', options.tapArgs, { ...options.env, ...options.tapEnv });
  const target = spawnBin('target-postgres', options.targetArgs, { ...options.env, ...options.targetEnv });
  feed(tap, undefined);
  target.stdin?.on('error', () => undefined);
  if (tap.stdout && target.stdin) tap.stdout.pipe(target.stdin);
  const [tapResult, targetResult] = await Promise.all([
    collect(tap, options.timeoutMs, { stdout: options.captureTapOutput !== false }),
    collect(target, options.timeoutMs),
  ]);
  return { tap: tapResult, target: targetResult };
}
