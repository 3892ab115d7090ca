import { rec, schemaMsg, targetHarness } from './harness';

const h = targetHarness('tgt_meta');

beforeEach(h.reset);

const { columns } = h;

describe('metadata columns and hard delete', () => {
  it('fills _sdc_extracted_at, _sdc_batched_at, _sdc_deleted_at as timestamptz', async () => {
    const result = await h.run(
      [
        schemaMsg('md', { id: { type: 'integer' } }),
        rec('md', { id: 1 }, { time_extracted: '2024-01-02T03:04:05.000006+00:00' }),
        rec('md', { id: 2, _sdc_deleted_at: '2024-05-06T07:08:09+00:00' }),
      ],
      { add_metadata_columns: true },
    );
    expect(result.code).toBe(0);
    expect(await columns('md')).toEqual({
      id: 'bigint',
      _sdc_extracted_at: 'timestamp with time zone',
      _sdc_batched_at: 'timestamp with time zone',
      _sdc_deleted_at: 'timestamp with time zone',
    });
    const rows = (
      await h.db.query(
        `SELECT id, _sdc_extracted_at = '2024-01-02T03:04:05.000006Z' AS ex, _sdc_batched_at > now() - interval '1 minute' AS b,
                _sdc_deleted_at = '2024-05-06T07:08:09Z' AS del FROM tgt.md ORDER BY id`,
      )
    ).rows;
    expect(rows).toEqual([
      { id: '1', ex: true, b: true, del: null },
      { id: '2', ex: null, b: true, del: true },
    ]);
  });

  it('keeps working with a pipelinewise table whose _sdc_deleted_at is varchar; hard delete by key', async () => {
    await h.db.query(`CREATE SCHEMA tgt; CREATE TABLE tgt.pw (id bigint PRIMARY KEY, v character varying,
      _sdc_extracted_at timestamp without time zone, _sdc_batched_at timestamp without time zone, _sdc_deleted_at character varying);
      INSERT INTO tgt.pw (id, v) VALUES (1, 'one'), (2, 'two'), (3, 'three')`);
    const result = await h.run(
      [
        schemaMsg('pw', { id: { type: 'integer' }, v: { type: ['null', 'string'] } }),
        rec('pw', { id: 2, v: 'two', _sdc_deleted_at: '2024-01-01T00:00:00+00:00' }),
        rec('pw', { id: 4, v: 'four' }),
        rec('pw', { id: 5, v: 'five', _sdc_deleted_at: '2024-01-01T00:00:00+00:00' }),
      ],
      { hard_delete: true },
    );
    expect(result.code).toBe(0);
    expect((await h.db.query('SELECT id, v FROM tgt.pw ORDER BY id')).rows).toEqual([
      { id: '1', v: 'one' },
      { id: '3', v: 'three' },
      { id: '4', v: 'four' },
    ]);
    expect(await columns('pw')).toMatchObject({ v: 'character varying', _sdc_deleted_at: 'character varying' });
  });
});

describe('ACTIVATE_VERSION', () => {
  const s = schemaMsg('av', { id: { type: 'integer' } });
  const load = (version: number, ids: number[]) => [
    s,
    { type: 'ACTIVATE_VERSION', stream: 'av', version },
    ...ids.map((id) => rec('av', { id }, { version })),
    { type: 'ACTIVATE_VERSION', stream: 'av', version },
  ];
  it.each([
    ['ignore', [{ id: '1' }, { id: '2' }, { id: '3' }]],
    ['hard', [{ id: '2' }, { id: '3' }]],
  ])('%s', async (mode, expected) => {
    expect((await h.run(load(1, [1, 2]), { activate_version: mode })).code).toBe(0);
    expect((await h.run(load(2, [2, 3]), { activate_version: mode })).code).toBe(0);
    expect((await h.db.query('SELECT id FROM tgt.av ORDER BY id')).rows).toEqual(expected);
  });
  it('soft marks rows of older versions deleted', async () => {
    expect((await h.run(load(1, [1, 2]), { activate_version: 'soft' })).code).toBe(0);
    expect((await h.run(load(2, [2, 3]), { activate_version: 'soft' })).code).toBe(0);
    const rows = (
      await h.db.query(
        'SELECT id, _sdc_table_version AS v, _sdc_deleted_at IS NOT NULL AS deleted FROM tgt.av ORDER BY id',
      )
    ).rows;
    expect(rows).toEqual([
      { id: '1', v: '1', deleted: true },
      { id: '2', v: '2', deleted: false },
      { id: '3', v: '2', deleted: false },
    ]);
  });
});
