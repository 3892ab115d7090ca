import { rec, schemaMsg, state, states, targetHarness } from './harness';

// Scale-out partitions (docs/scale-out.md) run one target each into the same new schema and table at the same time.
const { run, db } = targetHarness('target_side_by_side');

describe('targets loading one new table side by side', () => {
  it('create the schema and table once: every target loads its rows, none fails on the catalog', async () => {
    const properties = { id: { type: 'integer' }, v: { type: ['null', 'string'] } };
    for (let round = 0; round < 3; round += 1) {
      const stream = `side-t${round}`;
      const loads = Array.from({ length: 6 }, (_, i) =>
        run(
          [
            schemaMsg(stream, properties),
            ...Array.from({ length: 50 }, (__, k) => rec(stream, { id: i * 1000 + k, v: `p${i}` }, { version: 7 })),
            state({ partition: i }),
          ],
          { default_target_schema: `side_${round}` },
        ),
      );
      const results = await Promise.all(loads);
      expect(results.map((result) => ({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }))).toEqual(
        results.map(() => ({ code: 0, stderr: '' })),
      );
      expect(results.map((result) => states(result).pop())).toEqual(results.map((_, i) => ({ partition: i })));
      const count = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM side_${round}.t${round}`);
      expect(count.rows[0].n).toBe(300);
    }
  });
});
