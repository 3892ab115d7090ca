import { parseArgs } from 'node:util';
import { startFaultServer } from './harness/fault-env';
import { scenariosFor } from './harness/scenarios';
import type { SoakTotals } from './harness/soak-faults';
import { soakScenario } from './harness/soak-faults';
import { soakManyStreams } from './harness/soak-streams';

// The soak runner: as many seeded fault cases as wanted, per scenario, on a throwaway cluster of its own.
//   npm run soak -- --iterations 100 --seed 1 [--method FULL_TABLE|INCREMENTAL|XMIN|LOG_BASED|<scenario name>]
//   npm run soak -- --streams 10000        (many streams in one run, with times and peak memory)
// Exit 0 when every case kept destination = source and every promise; 1 otherwise (each failure is printed with
// its seed and the command that replays it).

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      iterations: { type: 'string', default: '10' },
      seed: { type: 'string', default: String(Date.now() % 1_000_000) },
      method: { type: 'string' },
      rows: { type: 'string', default: '6000' },
      streams: { type: 'string' },
    },
  });
  const fault = await startFaultServer();
  try {
    if (values.streams !== undefined) return (await soakManyStreams(fault, Number(values.streams), print)) ? 0 : 1;
    const iterations = Number(values.iterations);
    const seed = Number(values.seed);
    print(`soak: ${iterations} faults per scenario, seed ${seed}`);
    const all: SoakTotals[] = [];
    for (const scenario of scenariosFor(values.method)) {
      all.push(await soakScenario(fault, scenario, { iterations, seed, initialRows: Number(values.rows) }, print));
    }
    for (const t of all) {
      print(
        `${t.scenario}: ${t.faults} faults (${t.hits} hit a running program; ${JSON.stringify(t.byKind)}), ` +
          `lost ${t.lost}, duplicated ${t.duplicated}, extra ${t.extra}, differing values ${t.valueDiffs}, ` +
          `failed cases ${t.failedCases}, rows written ${t.rowsWritten}, source rows at the end ${t.finalSourceRows}, ` +
          `${Math.round(t.ms / 1000)} s`,
      );
    }
    return all.every((t) => t.failedCases === 0) ? 0 : 1;
  } finally {
    await fault.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
