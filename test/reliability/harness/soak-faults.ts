import { compareTables } from './compare';
import { cleanRun, describeCase, runFaultCase } from './fault-case';
import type { FaultServer } from './fault-env';
import { openScenario } from './fault-env';
import type { FaultKind, Scenario } from './scenarios';

/** Totals of a soak over one scenario. */
export interface SoakTotals {
  readonly scenario: string;
  faults: number;
  /** Faults that hit a running program (the rest came after it had exited). */
  hits: number;
  byKind: Partial<Record<FaultKind, number>>;
  lost: number;
  duplicated: number;
  extra: number;
  valueDiffs: number;
  failedCases: number;
  rowsWritten: number;
  finalSourceRows: number;
  ms: number;
}

/** Runs `iterations` fault cases (seeds seed, seed+1, …) of one scenario, printing a line per case. */
export async function soakScenario(
  fault: FaultServer,
  scenario: Scenario,
  options: { readonly iterations: number; readonly seed: number; readonly initialRows: number },
  print: (line: string) => void,
): Promise<SoakTotals> {
  const started = Date.now();
  const totals: SoakTotals = {
    scenario: scenario.name,
    faults: 0,
    hits: 0,
    byKind: {},
    lost: 0,
    duplicated: 0,
    extra: 0,
    valueDiffs: 0,
    failedCases: 0,
    rowsWritten: 0,
    finalSourceRows: 0,
    ms: 0,
  };
  const env = await openScenario(fault, scenario, options.initialRows);
  try {
    const first = await cleanRun(fault, env);
    if (first.tap.code !== 0 || first.target.code !== 0)
      throw new Error(`${scenario.name}: the first clean run failed: ${first.tap.stderr}${first.target.stderr}`);
    // The first run copies the whole table: the fault moments are calibrated on a second, ordinary one.
    let calibration = (await cleanRun(fault, env)).exitMs;
    for (let i = 0; i < options.iterations; i++) {
      const result = await runFaultCase(fault, env, options.seed + i, calibration);
      calibration = result.calibration;
      totals.faults += 1;
      if (result.fault?.hit === true) totals.hits += 1;
      if (result.fault !== undefined) totals.byKind[result.fault.kind] = (totals.byKind[result.fault.kind] ?? 0) + 1;
      totals.lost += result.final.lost;
      totals.duplicated += result.final.duplicated;
      totals.extra += result.final.extra;
      totals.valueDiffs += Object.values(result.final.differing).reduce((a, b) => a + b, 0);
      totals.rowsWritten += result.writer.inserted;
      totals.finalSourceRows = result.final.sourceRows;
      if (result.violations.length > 0) totals.failedCases += 1;
      print(`${result.violations.length === 0 ? 'ok  ' : 'FAIL'} ${describeCase(result)}`);
      for (const violation of result.violations) print(`     ${violation.slice(0, 1500)}`);
    }
    const last = await compareTables(env.dst, { softDelete: scenario.writerDeletes && !scenario.hardDelete });
    totals.finalSourceRows = last.sourceRows;
  } finally {
    totals.ms = Date.now() - started;
    await env.dispose();
  }
  return totals;
}
