import type { BinResult } from '@pgsinger/testkit';
import type { FaultRecord } from './fault-injector';

/** What checkSignalContract looks at. */
export interface SignalContractInput {
  readonly tap: BinResult;
  readonly target: BinResult;
  readonly fault: FaultRecord | undefined;
  /** The end of what the tap wrote. */
  readonly tapTail: string;
  /** STATE messages the tap had written when the fault came. */
  readonly tapStatesAtFault: number;
}

const STACK_LINE = /\n\s+at .+\(.*:\d+:\d+\)/;

/**
 * The promises around a run (pure): no hang; SIGTERM → exit 143 (0 when it had just finished) with state written (tap: its last message is a STATE;
 * target: a state printed when it had received one); a failure is one clear line, never a stack trace.
 */
export function checkSignalContract(input: SignalContractInput): string[] {
  const { tap, target, fault } = input;
  const violations: string[] = [];
  if (tap.timedOut || target.timedOut) violations.push(`hang: tap timedOut=${tap.timedOut} target=${target.timedOut}`);
  for (const [name, result] of [
    ['tap', tap],
    ['target', target],
  ] as const) {
    if (STACK_LINE.test(result.stderr)) violations.push(`${name} printed a stack trace: ${tail(result.stderr)}`);
  }
  if (fault?.hit !== true) return violations;
  const tapLast = input.tapTail.trimEnd().split('\n').pop() ?? '';
  const stateLast = tapLast.startsWith('{"type":"STATE"');
  if (fault.kind === 'term-tap') {
    // Killed by the signal itself (the shell sees 143 too) is fine before it wrote anything or after its final STATE.
    const signalled = tap.signal === 'SIGTERM' && (input.tapStatesAtFault === 0 || stateLast);
    if (tap.code !== 143 && tap.code !== 0 && !signalled)
      violations.push(`term-tap: tap exit ${tap.code ?? tap.signal}, expected 143: ${tail(tap.stderr)}`);
    if (input.tapStatesAtFault > 0 && !stateLast) violations.push(`term-tap: the tap's last message is not a STATE`);
  }
  // Whether the target had read a STATE before the signal cannot be seen from outside (pipe buffers): that it
  // prints it is proven deterministically in target-sigterm.test.ts; here, the exit code. Killed by the signal
  // itself (the shell sees 143 too) is fine before the tap wrote a STATE, or before the target's handler was
  // installed: node was still loading it, so it had read nothing and printed nothing (the handler logs the signal).
  const unstarted = target.stdout === '' && target.stderr === '';
  if (fault.kind === 'term-target' && !(target.signal === 'SIGTERM' && (input.tapStatesAtFault === 0 || unstarted))) {
    if (target.code !== 143 && target.code !== 0)
      violations.push(`term-target: target exit ${target.code ?? target.signal}, expected 143: ${tail(target.stderr)}`);
  }
  return violations;
}

function tail(text: string): string {
  return text.trim().split('\n').slice(-6).join(' | ').slice(-600);
}
