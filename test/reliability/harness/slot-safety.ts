import { readFileSync, writeFileSync } from 'node:fs';
import { cleanRun } from './fault-case';
import type { FaultServer } from './fault-env';
import { openScenario } from './fault-env';
import { LOG_BASED_SCENARIOS } from './scenarios';
import type { Queryable } from './source-table';
import { insertRows } from './source-table';

/** Ways a slot can be lost or made useless between two LOG_BASED runs. */
export type SlotDamage = 'drop-slot' | 'invalidate-slot' | 'recreate-with-other-plugin' | 'state-lsn-behind-slot';

/** One slot-safety case: after the damage the next run must fail with one line saying how to resync. */
export interface SlotSafetyScenario {
  readonly name: string;
  readonly plugin: 'wal2json' | 'pgoutput';
  readonly damage: SlotDamage;
}

/** Run once LOG_BASED lands (LOG_BASED_SCENARIOS_ENABLED). */
export const SLOT_SAFETY_SCENARIOS: readonly SlotSafetyScenario[] = (['wal2json', 'pgoutput'] as const).flatMap(
  (plugin) =>
    (['drop-slot', 'invalidate-slot', 'recreate-with-other-plugin', 'state-lsn-behind-slot'] as const).map(
      (damage) => ({
        name: `slot-safety-${damage}-${plugin}`,
        plugin,
        damage,
      }),
    ),
);

async function damageSlot(db: Queryable, damage: SlotDamage, plugin: string, oldState: string, stateFile: string) {
  const slots = await db.query<{ slot_name: string }>(
    'SELECT slot_name FROM pg_replication_slots WHERE database = current_database()',
  );
  const slot = slots.rows[0]?.slot_name;
  if (slot === undefined) throw new Error('no replication slot after two LOG_BASED runs');
  if (damage === 'drop-slot' || damage === 'recreate-with-other-plugin')
    await db.query('SELECT pg_drop_replication_slot($1)', [slot]);
  if (damage === 'recreate-with-other-plugin')
    await db.query('SELECT pg_create_logical_replication_slot($1, $2)', [
      slot,
      plugin === 'wal2json' ? 'pgoutput' : 'wal2json',
    ]);
  if (damage === 'state-lsn-behind-slot') writeFileSync(stateFile, oldState);
  if (damage === 'invalidate-slot') {
    await db.query(`ALTER SYSTEM SET max_slot_wal_keep_size = '1MB'`);
    await db.query('SELECT pg_reload_conf()');
    for (let i = 0; i < 4; i++) {
      await db.query(
        `CREATE TEMP TABLE IF NOT EXISTS wal_filler (v text); INSERT INTO wal_filler SELECT repeat('w', 1000) FROM generate_series(1, 20000)`,
      );
      await db.query('SELECT pg_switch_wal(); CHECKPOINT');
    }
  }
}

/** Runs one slot-safety case on the fault server; returns the broken promises (empty when it behaved). */
export async function runSlotSafetyScenario(fault: FaultServer, scenario: SlotSafetyScenario): Promise<string[]> {
  const base = LOG_BASED_SCENARIOS.find((s) => s.plugin === scenario.plugin && s.hardDelete)!;
  const env = await openScenario(fault, { ...base, name: scenario.name, writerDeletes: false }, 500);
  const problems: string[] = [];
  try {
    // Three runs: the slot ends up confirmed at the second run's state, past the first run's (oldState).
    let oldState = '';
    for (let run = 0; run < 2; run++) {
      const outcome = await cleanRun(fault, env);
      if (outcome.tap.code !== 0 || outcome.target.code !== 0)
        throw new Error(`set-up run failed: ${outcome.tap.stderr}`);
      if (run === 0) oldState = readFileSync(env.stateFile, 'utf8');
      await insertRows(env.db, 10_001 + run * 10_000, 50, 1);
    }
    const third = await cleanRun(fault, env);
    if (third.tap.code !== 0) throw new Error(`third run failed: ${third.tap.stderr}`);
    await insertRows(env.db, 30_001, 50, 3);
    await damageSlot(
      env.db,
      scenario.damage,
      scenario.plugin,
      scenario.damage === 'state-lsn-behind-slot' ? oldState : '',
      env.stateFile,
    );
    const stateBefore = readFileSync(env.stateFile, 'utf8');
    const rowsBefore = await env.dst.query<{ n: number }>('SELECT count(*)::int AS n FROM dst.items');
    const damaged = await cleanRun(fault, env);
    const critical = damaged.tap.stderr.split('\n').filter((l) => l.includes('CRITICAL'));
    // The LOG_BASED streams fail (exit 3): one ERROR line names the slot and how to resync, a CRITICAL line sums up.
    const errors = damaged.tap.stderr.split('\n').filter((l) => l.startsWith('ERROR'));
    // A state older than the slot: the changes in between were confirmed by a run whose state was committed, so the
    // tap may go on with a loud WARNING naming both positions (the tap's choice) instead of refusing.
    const warned = /WARNING .*slot.*past the state/i.test(damaged.tap.stderr);
    if (scenario.damage === 'state-lsn-behind-slot' && warned && damaged.tap.code === 0) return problems;
    if (damaged.tap.code !== 3)
      problems.push(`tap exit ${damaged.tap.code}, expected 3 (never a silent restart or skip)`);
    if (
      errors.length !== 1 ||
      !/resync|copy them again|full/i.test(errors[0] ?? '') ||
      !/slot|lsn/i.test(errors[0] ?? '') ||
      critical.length !== 1 ||
      !/streams failed/.test(critical[0] ?? '')
    )
      problems.push(
        `expected one ERROR line naming the slot and how to resync, and the CRITICAL summary: ${damaged.tap.stderr.slice(-600)}`,
      );
    if (JSON.stringify(bookmarksOf(readFileSync(env.stateFile, 'utf8'))) !== JSON.stringify(bookmarksOf(stateBefore)))
      problems.push('the state file moved a bookmark');
    const rowsAfter = await env.dst.query<{ n: number }>('SELECT count(*)::int AS n FROM dst.items');
    if (rowsAfter.rows[0]?.n !== rowsBefore.rows[0]?.n) problems.push('rows were loaded after the slot was damaged');
  } finally {
    if (scenario.damage === 'invalidate-slot') {
      await env.db.query('ALTER SYSTEM RESET max_slot_wal_keep_size').catch(() => undefined);
      await env.db.query('SELECT pg_reload_conf()').catch(() => undefined);
    }
    await env.dispose();
  }
  return problems;
}

/** The bookmarks of a state file's text (a run that failed its streams may rewrite the file with the same ones). */
function bookmarksOf(text: string): unknown {
  return (JSON.parse(text) as { bookmarks?: unknown }).bookmarks;
}
