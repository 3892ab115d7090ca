import fc from 'fast-check';
import { collect, failureProblems, spawnBin, testDatabase, writeJsonTemp } from '@pgsinger/testkit';
import type { HostileInput, HostileParams } from './harness/hostile-lines';
import { buildHostileInput, EXPECTED, HOSTILE_KINDS } from './harness/hostile-lines';

// The target fed randomized hostile input: it either loads correctly or exits 1 with one clear CRITICAL line — never a
// hang, never a stack trace, never a destination that lacks what a printed state covers.
const db = testDatabase({ prefix: 'rel_hostile' });
const TIMEOUT_MS = 30_000;
let runNo = 0;

async function runTarget(input: HostileInput, batchSizeRows: number) {
  runNo += 1;
  const schema = `h${runNo}`;
  const config = writeJsonTemp(
    { ...db.settings, default_target_schema: schema, batch_size_rows: batchSizeRows },
    'target',
  );
  const child = spawnBin('target-postgres', ['--config', config]);
  child.stdin?.on('error', () => undefined);
  const result = collect(child, TIMEOUT_MS);
  for (const line of input.lines) {
    if (!(child.stdin?.write(Buffer.concat([line, Buffer.from('\n')])) ?? false))
      await new Promise((resolve) => child.stdin?.once('drain', resolve).once('close', resolve));
  }
  child.stdin?.end();
  const outcome = await result;
  const exists = await db.query(`SELECT to_regclass($1) AS t`, [`${schema}.hostile`]);
  const rows =
    exists.rows[0]?.t === null
      ? []
      : (await db.query<{ id: string; v: string | null }>(`SELECT id::text, v FROM ${schema}.hostile`)).rows;
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  return { outcome, rows: new Map(rows.map((r) => [Number(r.id), r.v])) };
}

/** The checks of one run (pure): a list of broken promises, empty when the run behaved. */
function check(params: HostileParams, input: HostileInput, run: Awaited<ReturnType<typeof runTarget>>): string[] {
  const { outcome, rows } = run;
  const problems: string[] = [];
  const expected = EXPECTED[params.kind];
  if (outcome.timedOut) return ['hang'];
  if (outcome.code !== 0 && outcome.code !== 1) problems.push(`exit ${outcome.code ?? outcome.signal}`);
  if (expected === 'ok' && outcome.code !== 0) problems.push(`refused valid input: ${outcome.stderr.slice(-400)}`);
  if (expected === 'fail' && outcome.code !== 1) problems.push('accepted invalid input');
  if (outcome.code === 1) {
    problems.push(...failureProblems(outcome).map((problem) => `${problem}: ${outcome.stderr.slice(-600)}`));
  } else {
    const stack = /.*\n\s+at .*/.exec(outcome.stderr);
    if (stack) problems.push(`stack trace: ${stack[0].slice(0, 400)}`);
  }
  const printed = outcome.stdout.split('\n').filter((l) => l.trim() !== '');
  const last = printed.length === 0 ? 0 : (JSON.parse(printed[printed.length - 1]!) as { n: number }).n;
  const covered = input.states.get(last) ?? [];
  const model = outcome.code === 0 ? input.all : input.before;
  if (outcome.code === 0 && last !== input.lastState) problems.push(`final state ${last}, expected ${input.lastState}`);
  const mustHave = outcome.code === 0 ? [...input.all.keys()] : covered;
  for (const id of mustHave) {
    const want = input.all.get(id);
    if (!rows.has(id)) problems.push(`row ${id} covered by state ${last} is missing`);
    else if (want !== null && rows.get(id) !== model.get(id)) problems.push(`row ${id} has a wrong value`);
  }
  for (const id of rows.keys()) if (!input.all.has(id)) problems.push(`row ${id} was never sent well-formed`);
  return problems.slice(0, 5);
}

const params = fc.record({
  records: fc.integer({ min: 1, max: 25 }),
  kind: fc.constantFrom(...HOSTILE_KINDS),
  at: fc.nat({ max: 1000 }),
  depth: fc.integer({ min: 100, max: 200_000 }),
  hugeBytes: fc.integer({ min: 1_000_000, max: 8_000_000 }),
});

describe('target-postgres fed hostile input', () => {
  it('loads correctly or exits 1 with one clear line; never hangs or commits past its printed state', async () => {
    await fc.assert(
      fc.asyncProperty(params, fc.integer({ min: 1, max: 6 }), async (p, batchSizeRows) => {
        const input = buildHostileInput(p);
        const run = await runTarget(input, batchSizeRows);
        expect({ params: { ...p, batchSizeRows }, problems: check(p, input, run) }).toEqual({
          params: { ...p, batchSizeRows },
          problems: [],
        });
      }),
      { numRuns: 25, seed: 20261121, endOnFailure: true },
    );
  }, 240_000);

  it.each(HOSTILE_KINDS.map((kind) => [kind]))(
    'every kind once: %s',
    async (kind) => {
      const p: HostileParams = { records: 7, kind, at: 4, depth: 100_000, hugeBytes: 4_000_000 };
      const input = buildHostileInput(p);
      const run = await runTarget(input, 2);
      expect({ kind, problems: check(p, input, run) }).toEqual({ kind, problems: [] });
    },
    60_000,
  );
});
