import { failure, type BinResult } from '@pgsinger/testkit';
import { rec, schemaMsg, state, targetHarness } from './harness';

const h = targetHarness('tgt_deep');

const nested = (depth: number, leaf: string): string => `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;
const line = (id: number, obj: string): string =>
  `{"type":"RECORD","stream":"public-deep","record":{"id":${id},"obj":${obj}}}`;
const schema = schemaMsg('public-deep', { id: { type: 'integer' }, obj: { type: ['null', 'object'] } });

function expectOneCleanCritical(run: BinResult, lineNumber: number): void {
  const critical = failure(run);
  expect(critical).toContain(`line ${lineNumber}`);
  expect(critical).toMatch(/nested deeper than 1000 levels|nests objects\/arrays deeper than 1000 levels/);
}

describe('deep-nesting', () => {
  it('a value nested 1,000 levels loads exactly, long numbers included', async () => {
    await h.reset();
    const run = await h.run([
      schema,
      line(1, nested(999, '1')),
      line(2, nested(999, '12345678901234567890')),
      state(1),
    ]);
    expect({ code: run.code, err: run.stderr.slice(-300) }).toMatchObject({ code: 0 });
    const got = await h.db.query<{ id: string; same: boolean }>(
      `SELECT id::text, obj = (repeat('{"a":', 999) || CASE id WHEN 1 THEN '1' ELSE '12345678901234567890' END
                               || repeat('}', 999))::jsonb AS same FROM tgt.deep ORDER BY id`,
    );
    expect(got.rows).toEqual([
      { id: '1', same: true },
      { id: '2', same: true },
    ]);
  });

  it.each([
    ['a plain number', '1'],
    ['a number past 15 digits (exact parser)', '12345678901234567890'],
  ])(
    'a value nested 100,000 levels around %s: exit 1, one CRITICAL line naming the line, no stack',
    async (_, leaf) => {
      await h.reset();
      const run = await h.run([schema, rec('public-deep', { id: 1 }), state(1), line(2, nested(100_000, leaf))]);
      expect(run.code).toBe(1);
      expectOneCleanCritical(run, 4);
    },
  );

  it('validate_records on: the same refusal before validation', async () => {
    await h.reset();
    const run = await h.run([schema, line(1, nested(5000, '1'))], { validate_records: true });
    expect(run.code).toBe(1);
    expectOneCleanCritical(run, 2);
  });
});
