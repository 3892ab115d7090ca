import { createTestDatabase } from '@pgsinger/testkit';
import type { FaultServer } from './fault-env';
import { compareManyTables, createManyTables, ROWS_PER_TABLE } from './many-streams';
import { measuredSync } from './measured-sync';

/** Creates `count` tables of a few rows, syncs them in one FULL_TABLE run, and reports times, memory and what loaded. */
export async function soakManyStreams(
  fault: FaultServer,
  count: number,
  print: (line: string) => void,
): Promise<boolean> {
  const db = await createTestDatabase(fault.source, { prefix: 'rel_streams' });
  try {
    const createMs = await createManyTables(db, 'many_src', count);
    print(`created ${count} tables in ${createMs} ms`);
    const run = await measuredSync(db.settings, {
      schemas: ['many_src'],
      targetSchema: 'many_dst',
      selection: { method: 'FULL_TABLE' },
      timeoutMs: 3_600_000,
    });
    const loaded = await compareManyTables(db, 'many_src', 'many_dst');
    const ok =
      run.tap.code === 0 &&
      run.target.code === 0 &&
      loaded.tables === count &&
      loaded.rows === count * ROWS_PER_TABLE &&
      loaded.differing === 0;
    print(
      `${ok ? 'ok  ' : 'FAIL'} ${count} streams: discover ${run.discoverMs} ms, sync ${run.syncMs} ms, tap peak ` +
        `${run.tapPeakMb} MB, target peak ${run.targetPeakMb} MB, loaded ${loaded.tables} tables / ${loaded.rows} rows, ${loaded.differing} differing` +
        (ok ? '' : `\n${run.tap.stderr.slice(-1500)}\n${run.target.stderr.slice(-1500)}`),
    );
    return ok;
  } finally {
    await db.drop();
  }
}
