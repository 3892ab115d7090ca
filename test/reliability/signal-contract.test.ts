import type { BinResult } from '@pgsinger/testkit';
import { checkSignalContract } from './harness/signal-contract';

// The harness's own rules about signals (pure), on the runs the soak met.
const exited = (over: Partial<BinResult>): BinResult => ({
  code: 0,
  signal: null,
  stdout: '',
  stderr: '',
  timedOut: false,
  ...over,
});
const termTarget = { kind: 'term-target', afterMs: 834, hit: true } as const;
const tapState = '{"type":"STATE","value":{}}\n';

describe('checkSignalContract', () => {
  it('term-target before the target installed its handler (soak xmin seed 9383): killed by the signal, no violation', () => {
    const violations = checkSignalContract({
      tap: exited({}),
      target: exited({ code: null, signal: 'SIGTERM' }),
      fault: termTarget,
      tapTail: tapState,
      tapStatesAtFault: 2,
    });
    expect(violations).toEqual([]);
  });

  it('term-target once the target runs: killed by the signal instead of exiting 143 is a violation', () => {
    const violations = checkSignalContract({
      tap: exited({}),
      target: exited({ code: null, signal: 'SIGTERM', stderr: 'INFO received SIGTERM\n' }),
      fault: termTarget,
      tapTail: tapState,
      tapStatesAtFault: 2,
    });
    expect(violations).toEqual([expect.stringMatching(/^term-target: target exit SIGTERM, expected 143/)]);
  });
});
