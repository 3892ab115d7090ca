import { rec, schemaMsg, state, states, targetHarness, type Line } from './harness';

// `_sdc_deleted_at` as other taps spell it: with hard_delete the row is still deleted; the stored value is the best
// reading of it, or the load time with a warning; never a failed run.
const h = targetHarness('tgt_deleted_at');

beforeEach(h.reset);

const nullable = { type: ['null', 'string'] };
const deletedAt = { type: ['null', 'string'], format: 'date-time' }; // as tap-mysql declares it
const s = schemaMsg('d', { id: { type: 'integer' }, v: nullable, _sdc_deleted_at: deletedAt });
// id, the value sent, the stored value read in UTC (undefined: the load time).
const readable: [number, string, string][] = [
  [1, '2019-12-18T13:19:44+00:00+00:00', '2019-12-18 13:19:44'],
  [2, '2019-12-18', '2019-12-18 00:00:00'],
  [3, '2019-12-18T13:19:44', '2019-12-18 13:19:44'],
  [4, '2019-12-18 13:19:44.1234567', '2019-12-18 13:19:44.123456'],
  [5, '2019-12-18T14:19:44+01:00+01:00', '2019-12-18 13:19:44'],
  [6, '2019-12-18T13:19:44.5Z', '2019-12-18 13:19:44.5'],
];
const odd: [number, unknown][] = [
  [7, 'yes'],
  [8, ''],
  [9, true],
  [10, 1576675184],
  [11, { at: 'now' }],
  [12, '2019-02-30T00:00:00Z'],
];

function records(v: string): Line[] {
  return [
    ...readable.map(([id, at]) => rec('d', { id, v, _sdc_deleted_at: at })),
    ...odd.map(([id, at]) => rec('d', { id, v, _sdc_deleted_at: at })),
  ];
}
const kept = [100, 101].map((id) => rec('d', { id, v: 'kept' }));

describe('_sdc_deleted_at in other taps spellings', () => {
  it.each([
    ['fast path', 'plain'],
    ['generic path', 'tab\there'],
  ])('hard_delete: every row with a non-null value is deleted; one warning (%s)', async (_name, v) => {
    const all = [...readable, ...odd].map(([id]) => rec('d', { id, v: 'before' }));
    expect((await h.run([s, ...all, ...kept], { hard_delete: true })).code).toBe(0);
    const result = await h.run([s, ...records(v), state({ n: 1 })], { hard_delete: true });
    expect(result.stderr).not.toMatch(/CRITICAL/);
    expect(result.code).toBe(0);
    expect(states(result)).toEqual([{ n: 1 }]);
    expect((await h.db.query('SELECT id::int FROM tgt.d ORDER BY id')).rows).toEqual([{ id: 100 }, { id: 101 }]);
    const warnings = result.stderr.split('\n').filter((l) => l.includes('is not a date-time'));
    expect(warnings).toEqual([
      expect.stringMatching(/^WARNING line 8: stream d: _sdc_deleted_at "yes" is not a date-time: the row is deleted/),
    ]);
  });

  it.each([
    ['fast path', 'plain'],
    ['generic path', 'tab\there'],
  ])('add_metadata_columns: the best reading is stored, else the load time (%s)', async (_name, v) => {
    const result = await h.run([s, ...records(v)], { add_metadata_columns: true });
    expect(result.stderr).not.toMatch(/CRITICAL/);
    expect(result.code).toBe(0);
    const rows = await h.db.query<{ id: number; at: string; recent: boolean }>(
      `SELECT id::int, (_sdc_deleted_at AT TIME ZONE 'UTC')::text AS at,
              _sdc_deleted_at > now() - interval '5 minutes' AS recent FROM tgt.d ORDER BY id`,
    );
    expect(rows.rows.filter((r) => r.id <= readable.length).map((r) => r.at)).toEqual(readable.map((r) => r[2]));
    expect(rows.rows.filter((r) => r.id > readable.length).map((r) => r.recent)).toEqual(odd.map(() => true));
  });

  it("validate_records accepts tap-mysql's spelling under its format: date-time", async () => {
    const lines = readable.map(([id, at]) => rec('d', { id, v: 'x', _sdc_deleted_at: at }));
    const result = await h.run([s, ...lines, ...kept], { hard_delete: true, validate_records: true });
    expect(result.stderr).not.toMatch(/CRITICAL|WARNING/);
    expect(result.code).toBe(0);
    expect((await h.db.query('SELECT id::int FROM tgt.d ORDER BY id')).rows).toEqual([{ id: 100 }, { id: 101 }]);
  });
});
