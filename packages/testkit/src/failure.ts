import type { BinResult } from './run-bin';

/** A stack trace's frame line (`    at fn (file.js:1:2)`). */
const STACK_FRAME = /^\s+at \S/m;

/**
 * What breaks the promise of a failed run (pure): a non-zero exit code, exactly one `CRITICAL` line on stderr, no
 * stack trace. Empty when the run failed the way the bins promise.
 */
export function failureProblems(result: Pick<BinResult, 'code' | 'stderr'>): string[] {
  const problems: string[] = [];
  if (result.code === 0 || result.code === null) problems.push(`exit code ${String(result.code)}, expected non-zero`);
  const critical = criticalLines(result.stderr);
  if (critical.length !== 1) problems.push(`${critical.length} CRITICAL lines, expected one`);
  if (STACK_FRAME.test(result.stderr)) problems.push('a stack trace');
  return problems;
}

/**
 * The one CRITICAL line of a failed run (non-zero exit, one CRITICAL line, no stack trace); throws, quoting stderr,
 * when the run broke that promise.
 */
export function failure(result: Pick<BinResult, 'code' | 'stderr'>): string {
  const problems = failureProblems(result);
  if (problems.length > 0) {
    throw new Error(`not a clean failure (${problems.join('; ')}); stderr:\n${result.stderr.slice(-3000)}`);
  }
  return criticalLines(result.stderr)[0];
}

function criticalLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('CRITICAL '));
}
