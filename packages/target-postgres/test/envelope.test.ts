import { rec, schemaMsg, state, states, targetHarness } from './harness';

const h = targetHarness('tgt_envelope');

beforeEach(h.reset);

const ts = schemaMsg('ts', {
  id: { type: 'integer' },
  at: { type: ['null', 'string'], format: 'date-time' },
  local: { type: ['null', 'string'], format: 'date-time', 'x-sql-datatype': 'timestamp without time zone' },
  note: { type: ['null', 'string'] },
});
// id, the value sent (in `at`, `local` and time_extracted), `at` in UTC, `local` as stored.
const cases: [number, string, string, string][] = [
  [1, '2024-01-02T03:04:05', '2024-01-02 03:04:05', '2024-01-02 03:04:05'],
  [2, '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.123456'],
  [3, '2024-07-01T23:59:59.5', '2024-07-01 23:59:59.5', '2024-07-01 23:59:59.5'],
  [4, '2024-07-01T00:00:00+02:00', '2024-06-30 22:00:00', '2024-07-01 00:00:00'],
];

describe('naive timestamps are UTC whatever the TimeZone of the database or the role', () => {
  it.each([
    ['database TimeZone America/New_York', 'db'],
    ['role TimeZone Asia/Kolkata (+05:30)', 'role'],
  ])('%s', async (_name, where) => {
    let overrides: Record<string, unknown> = { add_metadata_columns: true };
    if (where === 'db') {
      await h.db.query(`ALTER DATABASE ${h.db.name} SET TimeZone = 'America/New_York'`);
    } else {
      await h.db.server.adminQuery(`DROP ROLE IF EXISTS tgt_tz_role`);
      await h.db.server.adminQuery(`CREATE ROLE tgt_tz_role LOGIN SUPERUSER PASSWORD 'tz-role-pw'`);
      await h.db.server.adminQuery(`ALTER ROLE tgt_tz_role SET TimeZone = 'Asia/Kolkata'`);
      overrides = { ...overrides, user: 'tgt_tz_role', password: 'tz-role-pw' };
    }
    const fast = cases.map(([id, text]) => rec('ts', { id, at: text, local: text }, { time_extracted: text }));
    // The same values once more through the generic path (an escaped string sends a line there).
    const generic = cases.map(([id, text]) =>
      rec('ts', { id: id + 10, at: text, local: text, note: 'tab\there' }, { time_extracted: text }),
    );
    try {
      const result = await h.run([ts, ...fast, ...generic], overrides);
      expect(result.stderr).not.toMatch(/CRITICAL/);
      expect(result.code).toBe(0);
      const res = await h.db.query(
        `SELECT id::int, (at AT TIME ZONE 'UTC')::text AS utc, local::text AS local,
                (_sdc_extracted_at AT TIME ZONE 'UTC')::text AS extracted FROM tgt.ts ORDER BY id`,
      );
      const want = (offset: number) =>
        cases.map(([id, , utc, local]) => ({ id: id + offset, utc, local, extracted: utc }));
      expect(res.rows).toEqual([...want(0), ...want(10)]);
    } finally {
      await h.db.query(`ALTER DATABASE ${h.db.name} RESET TimeZone`);
      await h.reset();
      await h.db.server.adminQuery(`DROP ROLE IF EXISTS tgt_tz_role`);
    }
  });
});

describe('ACTIVATE_VERSION for a stream that had no SCHEMA', () => {
  it.each(['ignore', 'soft', 'hard'])('is ignored with a warning (activate_version %s)', async (mode) => {
    const s = schemaMsg('av', { id: { type: 'integer' } });
    const result = await h.run(
      [
        { type: 'ACTIVATE_VERSION', stream: 'logical1-logical1_table2', version: 1 },
        s,
        rec('av', { id: 1 }, { version: 1 }),
        { type: 'ACTIVATE_VERSION', stream: 'never-declared', version: 7 },
        rec('av', { id: 2 }, { version: 1 }),
        state({ n: 1 }),
      ],
      { activate_version: mode },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /WARNING line 1: ACTIVATE_VERSION for stream logical1-logical1_table2, which had no SCHEMA: ignored/,
    );
    expect(result.stderr).toMatch(/WARNING line 4: ACTIVATE_VERSION for stream never-declared/);
    expect(states(result)).toEqual([{ n: 1 }]);
    expect((await h.db.query('SELECT id::int FROM tgt.av ORDER BY id')).rows).toEqual([{ id: 1 }, { id: 2 }]);
  });
});

describe('explicit nulls of optional envelope fields mean absent', () => {
  const s = schemaMsg('nl', { id: { type: 'integer' }, v: { type: ['null', 'string'] } });
  it.each([
    ['fast path', 'plain'],
    ['generic path', 'tab\tescaped'],
  ])('time_extracted and version null or empty (%s)', async (_name, v) => {
    const result = await h.run(
      [
        s,
        rec('nl', { id: 1, v }, { time_extracted: null }),
        rec('nl', { id: 2, v }, { version: null }),
        rec('nl', { id: 3, v }, { version: null, time_extracted: null }),
        rec('nl', { id: 4, v }, { time_extracted: '' }),
        rec('nl', { id: 5, v }, { version: 3, time_extracted: '2024-01-01T00:00:00Z' }),
        state({ n: 5 }),
      ],
      { activate_version: 'soft' },
    );
    expect(result.stderr).not.toMatch(/CRITICAL/);
    expect(result.code).toBe(0);
    const rows = await h.db.query(
      `SELECT id::int, v, _sdc_table_version::text AS version, (_sdc_extracted_at AT TIME ZONE 'UTC')::text AS ex
         FROM tgt.nl ORDER BY id`,
    );
    expect(rows.rows).toEqual([
      { id: 1, v, version: null, ex: null },
      { id: 2, v, version: null, ex: null },
      { id: 3, v, version: null, ex: null },
      { id: 4, v, version: null, ex: null },
      { id: 5, v, version: '3', ex: '2024-01-01 00:00:00' },
    ]);
  });

  it('key_properties and bookmark_properties null; a STATE whose value is null is ignored with a warning', async () => {
    const schema = {
      type: 'SCHEMA',
      stream: 'kp',
      schema: { type: 'object', properties: { id: { type: 'integer' } } },
      key_properties: null,
      bookmark_properties: null,
    };
    const result = await h.run(
      [schema, rec('kp', { id: 1 }), state({ n: 1 }), rec('kp', { id: 1 }), { type: 'STATE', value: null }],
      { primary_key_required: false },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/WARNING line 5: STATE with a null value ignored/);
    expect(states(result)).toEqual([{ n: 1 }]);
    expect((await h.db.query('SELECT id::int FROM tgt.kp')).rows).toEqual([{ id: 1 }, { id: 1 }]);
  });
});
