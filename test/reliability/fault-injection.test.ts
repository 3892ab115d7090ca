import { cleanRun, describeCase, runFaultCase } from './harness/fault-case';
import { compareTables } from './harness/compare';
import type { RunTimes } from './harness/fault-case';
import type { FaultServer, ScenarioEnv } from './harness/fault-env';
import { openScenario, startFaultServer } from './harness/fault-env';
import { activeScenarios } from './harness/scenarios';

// Crash anywhere, rerun, nothing lost or duplicated: a short seeded sample of the fault suite (the soak runner,
// test/reliability/soak.ts, runs as many as wanted). Source and destination are two clusters of this file's own,
// because faults restart them.

/** Seeds per scenario, chosen so that the sample covers every fault kind (see harness/scenarios FAULT_KINDS). */
const SEEDS: Readonly<Record<string, readonly number[]>> = {
  'full-table-resume-mid-table': [5, 7, 8, 12],
  'incremental-updated-at': [2, 4, 24, 29],
  xmin: [11, 18, 19, 14],
  'log-based-wal2json-soft-delete': [1, 9],
  'log-based-wal2json-hard-delete': [20, 12],
  'log-based-pgoutput-soft-delete': [36, 30],
  'log-based-pgoutput-hard-delete': [35, 22],
};
const INITIAL_ROWS = 6_000;

let fault: FaultServer | undefined;

beforeAll(async () => {
  fault = await startFaultServer();
}, 60_000);

afterAll(async () => {
  await fault?.stop();
}, 60_000);

describe.each(activeScenarios().map((s) => [s.name, s] as const))('fault injection: %s', (_name, scenario) => {
  let env: ScenarioEnv | undefined;
  let calibration: RunTimes = { tap: 1000, target: 1000 };

  beforeAll(async () => {
    env = await openScenario(fault!, scenario, INITIAL_ROWS);
  }, 120_000);

  afterAll(async () => {
    await env?.dispose();
  }, 60_000);

  it('a first clean run copies the source exactly', async () => {
    const run = await cleanRun(fault!, env!);
    expect({ tap: run.tap.code, target: run.target.code, err: run.target.stderr.slice(-500) }).toMatchObject({
      tap: 0,
      target: 0,
    });
    const comparison = await compareTables(env!.dst, { softDelete: scenario.writerDeletes && !scenario.hardDelete });
    expect(comparison).toMatchObject({ lost: 0, extra: 0, duplicated: 0, differing: {} });
    // That run copied the whole table: the fault moments are calibrated on an ordinary one.
    calibration = (await cleanRun(fault!, env!)).exitMs;
  }, 120_000);

  it.each((SEEDS[scenario.name] ?? [1]).map((seed) => [seed]))(
    'seed %i: a fault, reruns, then destination = source',
    async (seed) => {
      const result = await runFaultCase(fault!, env!, seed, calibration);
      calibration = result.calibration;
      expect({ case: describeCase(result), violations: result.violations }).toEqual({
        case: describeCase(result),
        violations: [],
      });
    },
    240_000,
  );
});
