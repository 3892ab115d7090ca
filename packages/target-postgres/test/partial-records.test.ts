import fc from 'fast-check';
import { rec, schemaMsg, singer, targetHarness, type Line } from './harness';

// Several records for one key in one batch load exactly as they would one per batch (last write per property), and
// keys PostgreSQL finds equal collapse to one row however they are spelled.
const h = targetHarness('tgt_partial');

beforeEach(h.reset);

const nullable = { type: ['null', 'string'] };
const s = schemaMsg('m', { id: { type: 'integer' }, a: nullable, b: nullable });
const read = async (table = 'm') => (await h.db.query(`SELECT id::int, a, b FROM tgt.${table} ORDER BY id`)).rows;

describe('several records for one key in one batch', () => {
  it.each([1, 2, 100000])('a later record lacking b keeps b (batch_size_rows %i)', async (rows) => {
    const result = await h.run([s, rec('m', { id: 1, a: 'a1', b: 'b1' }), rec('m', { id: 1, a: 'a2' })], {
      batch_size_rows: rows,
    });
    expect(result.code).toBe(0);
    expect(await read()).toEqual([{ id: 1, a: 'a2', b: 'b1' }]);
  });

  it.each([1, 3, 100000])(
    'after a committed b=old, b=new then a record without b leaves new (batch_size_rows %i)',
    async (rows) => {
      expect((await h.run([s, rec('m', { id: 1, a: 'a0', b: 'old' })])).code).toBe(0);
      const result = await h.run(
        [
          s,
          rec('m', { id: 1, b: 'new' }),
          rec('m', { id: 1, a: 'a2' }),
          rec('m', { id: 2, a: 'x' }),
          rec('m', { id: 1, a: null }),
        ],
        { batch_size_rows: rows },
      );
      expect(result.code).toBe(0);
      expect(await read()).toEqual([
        { id: 1, a: null, b: 'new' },
        { id: 2, a: 'x', b: null },
      ]);
    },
  );

  it.each([1, 100000])('hard delete then a partial record inserts afresh (batch_size_rows %i)', async (rows) => {
    expect((await h.run([s, rec('m', { id: 1, a: 'a0', b: 'b0' })], { hard_delete: true })).code).toBe(0);
    const deleted = '2024-01-01T00:00:00+00:00';
    const result = await h.run(
      [
        s,
        rec('m', { id: 1, a: 'a1' }),
        rec('m', { id: 1, _sdc_deleted_at: deleted }),
        rec('m', { id: 1, b: 'b3' }),
        rec('m', { id: 2, a: 'a2', b: 'b2' }),
        rec('m', { id: 2, b: null, _sdc_deleted_at: deleted }),
        rec('m', { id: 3, a: 'gone' }),
        rec('m', { id: 3, _sdc_deleted_at: deleted }),
      ],
      { hard_delete: true, batch_size_rows: rows },
    );
    expect(result.code).toBe(0);
    expect(await read()).toEqual([{ id: 1, a: null, b: 'b3' }]);
  });

  it('_sdc_deleted_at without hard_delete is a column like the others (soft delete, then undeleted)', async () => {
    const deleted = '2024-01-01T00:00:00+00:00';
    const result = await h.run(
      [
        s,
        rec('m', { id: 1, a: 'a1', b: 'b1' }),
        rec('m', { id: 1, _sdc_deleted_at: deleted }),
        rec('m', { id: 2, a: 'a2', b: 'b2' }),
        rec('m', { id: 2, _sdc_deleted_at: deleted }),
        rec('m', { id: 2, a: 'back' }),
      ],
      { add_metadata_columns: true },
    );
    expect(result.code).toBe(0);
    const rows = await h.db.query(
      `SELECT id::int, a, b, _sdc_deleted_at IS NOT NULL AS deleted FROM tgt.m ORDER BY id`,
    );
    expect(rows.rows).toEqual([
      { id: 1, a: 'a1', b: 'b1', deleted: true },
      { id: 2, a: 'back', b: 'b2', deleted: false },
    ]);
  });
});

describe('equal keys spelled differently in one batch collapse to one row (the later)', () => {
  const raw = (stream: string, key: string, value: string): string =>
    `{"type":"RECORD","stream":"${stream}","record":{"k":${key},"v":"${value}"}}`;
  const keyed = (stream: string, key: object) => schemaMsg(stream, { k: key, v: nullable }, ['k']);
  const cases: [string, object, string[]][] = [
    [
      'date-time',
      { type: 'string', format: 'date-time' },
      ['"2020-01-01T00:00:00Z"', '"2020-01-01T00:00:00+00:00"', '"2020-01-01T01:00:00+01:00"', '"2020-01-01 00:00:00"'],
    ],
    ['long number', { type: 'number' }, ['12345678901234567890', '12345678901234567890.0', '1.2345678901234567890e19']],
    ['short number', { type: 'number' }, ['1.5', '1.50', '15e-1']],
    [
      'uuid',
      { type: 'string', 'x-sql-datatype': 'uuid' },
      [
        '"550E8400-E29B-41D4-A716-446655440000"',
        '"550e8400-e29b-41d4-a716-446655440000"',
        '"{550e8400e29b41d4a716446655440000}"',
      ],
    ],
    ['inet (PostgreSQL decides)', { type: 'string', 'x-sql-datatype': 'inet' }, ['"10.0.0.1"', '"10.0.0.1/32"']],
    [
      'double precision (PostgreSQL decides)',
      { type: 'number', 'x-sql-datatype': 'double precision' },
      ['0.1', '0.1000000000000000055511151231257827'],
    ],
    ['citext (PostgreSQL decides)', { type: 'string', 'x-sql-datatype': 'citext' }, ['"Key"', '"KEY"', '"key"']],
  ];

  beforeAll(async () => {
    await h.db.query('CREATE EXTENSION IF NOT EXISTS citext');
  });

  it.each(cases)('%s: into an empty table, then onto existing rows', async (_name, key, spellings) => {
    const schema = keyed('eq', key);
    const first = spellings.map((k, i) => raw('eq', k, `first ${i}`));
    const one = await h.run(singer([schema, ...first, raw('eq', spellings[0], 'first last')]));
    expect(one.stderr).not.toMatch(/CRITICAL/);
    expect(one.code).toBe(0);
    const later = [...spellings].reverse().map((k, i) => raw('eq', k, `second ${i}`));
    const two = await h.run(singer([schema, ...later]));
    expect(two.stderr).not.toMatch(/CRITICAL/);
    expect(two.code).toBe(0);
    const rows = (await h.db.query('SELECT v FROM tgt.eq')).rows;
    expect(rows).toEqual([{ v: `second ${spellings.length - 1}` }]);
  });

  it('a partial record for an equal key spelled differently merges like the same spelling', async () => {
    const schema = schemaMsg('eqp', { k: { type: 'number' }, a: nullable, b: nullable }, ['k']);
    const result = await h.run(
      singer([
        schema,
        '{"type":"RECORD","stream":"eqp","record":{"k":12345678901234567890,"a":"a1","b":"b1"}}',
        '{"type":"RECORD","stream":"eqp","record":{"k":12345678901234567890.00,"a":"a2"}}',
      ]),
    );
    expect(result.code).toBe(0);
    expect((await h.db.query('SELECT a, b FROM tgt.eqp')).rows).toEqual([{ a: 'a2', b: 'b1' }]);
  });
});

// The model: each record applied on its own — a delete removes the row, a record updates the properties it carries
// (inserting a row whose other properties are NULL).
type Values = Partial<Record<'a' | 'b' | 'c', string | null>>;
interface Op {
  readonly key: number;
  readonly spelling: number;
  readonly values: Values;
  readonly delete: boolean;
}

const SPELLINGS = [(k: number) => `${k}`, (k: number) => `${k}.0`, (k: number) => `${k}e0`, (k: number) => `${k}0e-1`];
const value = fc.constantFrom<string | null>(null, 'x', 'y', 'z', 'tab\there', 'é😀');
const op: fc.Arbitrary<Op> = fc.record({
  key: fc.integer({ min: 1, max: 3 }),
  spelling: fc.integer({ min: 0, max: SPELLINGS.length - 1 }),
  values: fc.record({ a: value, b: value, c: value }, { requiredKeys: [] }),
  delete: fc.boolean(),
});

function line(o: Op, hardDelete: boolean): string {
  const fields = Object.entries(o.values).map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`);
  const deleted = hardDelete && o.delete ? ',"_sdc_deleted_at":"2024-01-01T00:00:00Z"' : '';
  return `{"type":"RECORD","stream":"pp","record":{"id":${SPELLINGS[o.spelling]!(o.key)}${fields.join('')}${deleted}}}`;
}

function model(ops: readonly Op[], hardDelete: boolean): Record<string, unknown>[] {
  const rows = new Map<number, Required<Values>>();
  for (const o of ops) {
    if (hardDelete && o.delete) rows.delete(o.key);
    else rows.set(o.key, { ...(rows.get(o.key) ?? { a: null, b: null, c: null }), ...o.values });
  }
  return [...rows.entries()].sort(([x], [y]) => x - y).map(([id, v]) => ({ id, ...v }));
}

describe('property: random full and partial records, random batch sizes, equal the last-write-per-property model', () => {
  const schema: Line = schemaMsg('pp', { id: { type: 'number' }, a: nullable, b: nullable, c: nullable });
  it('holds for COPY into an empty table, staging + merge, hard deletes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 24 }),
        fc.nat(),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        async (ops, cut, firstBatch, secondBatch, hardDelete) => {
          await h.reset();
          const at = cut % (ops.length + 1);
          // Two runs: the second merges into what the first committed.
          for (const [part, rows] of [
            [ops.slice(0, at), firstBatch],
            [ops.slice(at), secondBatch],
          ] as const) {
            const input = singer([schema, ...part.map((o) => line(o, hardDelete))]);
            const result = await h.run(input, { batch_size_rows: rows, hard_delete: hardDelete });
            if (result.code !== 0) throw new Error(result.stderr);
          }
          const rows = (await h.db.query('SELECT id::int, a, b, c FROM tgt.pp ORDER BY id')).rows;
          expect(rows).toEqual(model(ops, hardDelete));
        },
      ),
      { numRuns: 30 },
    );
  }, 300_000);
});
