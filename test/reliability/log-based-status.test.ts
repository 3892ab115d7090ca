import { testDatabase } from '@pgsinger/testkit';
import type { FaultServer } from './harness/fault-env';
import { startFaultServer } from './harness/fault-env';
import { probeLogBased } from './harness/log-based-support';
import { LOG_BASED_SCENARIOS_ENABLED } from './harness/scenarios';
import { runSlotSafetyScenario, SLOT_SAFETY_SCENARIOS } from './harness/slot-safety';

// LOG_BASED is not wired into the tap yet. Its fault scenarios (harness/scenarios LOG_BASED_SCENARIOS) and slot-safety
// scenarios (harness/slot-safety) are defined and run once LOG_BASED_SCENARIOS_ENABLED is true. This file checks,
// every run, that the switch matches what the tap does: the day LOG_BASED lands, the first test fails and says so.
const db = testDatabase({ prefix: 'rel_lb_status' });

describe('LOG_BASED scenarios', () => {
  it('LOG_BASED_SCENARIOS_ENABLED matches whether the tap accepts replication-method LOG_BASED', async () => {
    const support = await probeLogBased(db, db.settings);
    const hint = support.accepted
      ? 'the tap accepts LOG_BASED now: set LOG_BASED_SCENARIOS_ENABLED = true in test/reliability/harness/scenarios.ts'
      : 'the tap refuses LOG_BASED: keep LOG_BASED_SCENARIOS_ENABLED = false until it lands';
    expect({ enabled: LOG_BASED_SCENARIOS_ENABLED, hint }).toEqual({ enabled: support.accepted, hint });
    if (!support.accepted) {
      // Until then the refusal is one clear line, exit 1.
      expect({ exit: support.exitCode, stackTrace: support.stackTrace, refusal: support.refusal }).toEqual({
        exit: 1,
        stackTrace: false,
        refusal: expect.stringMatching(/CRITICAL .*LOG_BASED/),
      });
    }
  }, 120_000);

  describe('slot safety', () => {
    let fault: FaultServer | undefined;
    afterAll(async () => {
      await fault?.stop();
    }, 60_000);

    // `npm test` runs each damage once (alternating plugins); the soak runner can run all of SLOT_SAFETY_SCENARIOS.
    const sample = SLOT_SAFETY_SCENARIOS.filter((s) =>
      [
        'slot-safety-drop-slot-wal2json',
        'slot-safety-invalidate-slot-pgoutput',
        'slot-safety-recreate-with-other-plugin-wal2json',
        'slot-safety-state-lsn-behind-slot-pgoutput',
      ].includes(s.name),
    );
    for (const scenario of LOG_BASED_SCENARIOS_ENABLED ? sample : []) {
      it(`${scenario.name}: the next run fails with one line saying how to resync`, async () => {
        fault ??= await startFaultServer();
        expect(await runSlotSafetyScenario(fault, scenario)).toEqual([]);
      }, 180_000);
    }
  });
});
