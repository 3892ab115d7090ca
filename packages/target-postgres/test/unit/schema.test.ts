import { columnTypeFromJsonSchema } from '../../src/schema/column-type';
import { createIndexSql, createTableSql, isSafeTypeName, tableChangeSql } from '../../src/schema/ddl';
import { flattenSchema } from '../../src/schema/flatten-schema';
import { planTableChanges } from '../../src/schema/plan-table-changes';
import { adoptionNote, canHold, compareTypes } from '../../src/schema/type-compat';

describe('columnTypeFromJsonSchema', () => {
  it.each([
    [{ type: 'integer' }, 'bigint'],
    [{ type: ['null', 'integer'], minimum: 0, maximum: 100 }, 'smallint'],
    [{ type: 'integer', minimum: -2147483648, maximum: 2147483647 }, 'integer'],
    [{ type: ['null', 'number'] }, 'numeric'],
    [{ type: 'string', format: 'date-time' }, 'timestamp with time zone'],
    [{ type: 'string', format: 'date' }, 'date'],
    [{ type: 'string', format: 'time' }, 'time without time zone'],
    [{ type: 'boolean' }, 'boolean'],
    [{ type: ['null', 'object'] }, 'jsonb'],
    [{ type: 'array' }, 'jsonb'],
    [{ type: 'string' }, 'text'],
    [{ type: ['integer', 'string'] }, 'text'],
    [{ anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] }, 'timestamp with time zone'],
  ])('%j → %s', (property, type) => expect(columnTypeFromJsonSchema(property)).toBe(type));
});

describe('flattenSchema', () => {
  const schema = {
    properties: {
      id: { type: 'integer' },
      a: {
        type: 'object',
        properties: { b: { type: 'object', properties: { c: { type: 'string' } } }, d: { type: 'integer' } },
      },
    },
  };
  it.each([
    [0, ['id', 'a']],
    [1, ['id', 'a__b', 'a__d']],
    [2, ['id', 'a__b__c', 'a__d']],
    [3, ['id', 'a__b__c', 'a__d']],
  ])('level %d', (maxLevel, names) => {
    expect(flattenSchema(schema, { stream: 's', maxLevel }).map((c) => c.name)).toEqual(names);
  });
  it('reports collisions after normalisation', () => {
    expect(() =>
      flattenSchema({ properties: { Id: { type: 'integer' }, id: { type: 'integer' } } }, { stream: 's', maxLevel: 0 }),
    ).toThrow(/"Id" and "id" both map to column "id"/);
  });
  it('prefers x-sql-datatype', () => {
    const [c] = flattenSchema(
      { properties: { p: { type: 'number', 'x-sql-datatype': 'numeric(12,2)' } } },
      { stream: 's', maxLevel: 0 },
    );
    expect(c).toMatchObject({ type: 'numeric(12,2)', soft: false });
  });
});

describe('type compatibility', () => {
  it('knows safe widenings', () => {
    expect(compareTypes('integer', 'bigint')).toBe('widen');
    expect(compareTypes('smallint', 'numeric')).toBe('widen');
    expect(compareTypes('character varying(10)', 'text')).toBe('widen');
    expect(compareTypes('character varying(10)', 'character varying(20)')).toBe('widen');
    expect(compareTypes('numeric(10,2)', 'numeric(12,2)')).toBe('widen');
    expect(compareTypes('bigint', 'integer')).toBe('holds');
    expect(compareTypes('text', 'integer')).toBe('incompatible');
    expect(compareTypes('boolean', 'date')).toBe('incompatible');
    expect(canHold('numeric(12,2)', 'numeric(12,4)')).toBe(false);
    expect(compareTypes('character varying', 'text')).toBe('holds');
  });

  it.each([
    ['character varying', ['date', 'bigint', 'numeric(12,2)', 'integer[]', 'interval', 'jsonb', 'boolean']],
    ['text', ['date', 'time without time zone', 'uuid']],
    ['double precision', ['numeric(12,2)', 'numeric', 'integer', 'bigint', 'real']],
    ['timestamp without time zone', ['timestamp with time zone', 'date', 'timestamp(3) with time zone']],
    ['timestamp with time zone', ['timestamp without time zone', 'date']],
    ['jsonb', ['json', 'hstore', 'integer[]', 'text[]', 'timestamp with time zone[]']],
    ['time without time zone', ['time with time zone', 'time(3) without time zone']],
  ])('a %s column takes the values of %j (adopted)', (existing, wanted) => {
    for (const type of wanted) expect(adoptionNote(existing, type)).toEqual(expect.any(String));
  });

  it.each([
    ['boolean', 'date'],
    ['character varying(5)', 'text'],
    ['integer', 'text'],
    ['date', 'timestamp with time zone'],
    ['double precision', 'text'],
    ['timestamp without time zone', 'time without time zone'],
    ['jsonb', 'text'],
    ['time without time zone', 'interval'],
  ])('a %s column cannot take %s (no adoption)', (existing, wanted) => {
    expect(adoptionNote(existing, wanted)).toBeUndefined();
  });
});

describe('planTableChanges', () => {
  const col = (name: string, type: string, soft = false) => ({
    name,
    path: [name],
    property: {},
    type,
    soft,
    source: 'property' as const,
  });
  const now = new Date(Date.UTC(2024, 4, 6, 7, 8));
  it('adds, widens and versions; never drops', () => {
    const changes = planTableChanges({
      stream: 's',
      wanted: [col('id', 'bigint'), col('n', 'bigint'), col('t', 'text'), col('flag', 'date'), col('new', 'jsonb')],
      existing: new Map([
        ['id', 'bigint'],
        ['n', 'integer'],
        ['t', 'character varying(5)'],
        ['flag', 'boolean'],
        ['gone', 'text'],
      ]),
      keyColumns: ['id'],
      now,
    });
    expect(changes).toEqual([
      { kind: 'alter', column: 'n', type: 'bigint', from: 'integer' },
      { kind: 'alter', column: 't', type: 'text', from: 'character varying(5)' },
      { kind: 'version', column: 'flag', renameTo: 'flag_20240506_0708', type: 'date', from: 'boolean' },
      { kind: 'add', column: 'new', type: 'jsonb' },
    ]);
    expect(tableChangeSql('x', 'y', changes.slice(2, 3))).toEqual([
      'ALTER TABLE "x"."y" RENAME COLUMN "flag" TO "flag_20240506_0708"',
      'ALTER TABLE "x"."y" ADD COLUMN "flag" date',
    ]);
  });
  it('refuses to version a key column', () => {
    expect(() =>
      planTableChanges({
        stream: 's',
        wanted: [col('id', 'date')],
        existing: new Map([['id', 'boolean']]),
        keyColumns: ['id'],
        now,
      }),
    ).toThrow(/key column "id"/);
  });
  it("adopts pipelinewise's column types for declared types, key columns too; versions only what cannot fit", () => {
    const changes = planTableChanges({
      stream: 's',
      wanted: [
        col('id', 'bigint'),
        col('day', 'date'),
        col('amount', 'numeric(12,2)'),
        col('at', 'timestamp with time zone'),
        col('tags', 'text[]'),
        col('note', 'text'),
        col('flag', 'date'),
      ],
      existing: new Map([
        ['id', 'character varying'],
        ['day', 'character varying'],
        ['amount', 'double precision'],
        ['at', 'timestamp without time zone'],
        ['tags', 'jsonb'],
        ['note', 'character varying'],
        ['flag', 'boolean'],
      ]),
      keyColumns: ['id'],
      now,
    });
    expect(changes.map((c) => [c.kind, c.column, c.type])).toEqual([
      ['adopt', 'id', 'character varying'],
      ['adopt', 'day', 'character varying'],
      ['adopt', 'amount', 'double precision'],
      ['adopt', 'at', 'timestamp without time zone'],
      ['adopt', 'tags', 'jsonb'],
      ['version', 'flag', 'date'],
    ]);
    expect(changes[2]).toMatchObject({ wanted: 'numeric(12,2)', note: 'numbers are rounded to double precision' });
    expect(tableChangeSql('x', 'y', changes.slice(0, 5))).toEqual([]);
  });

  it('keeps a compatible existing column for JSON-Schema-only types (pipelinewise tables)', () => {
    const changes = planTableChanges({
      stream: 's',
      wanted: [col('d', 'numeric', true), col('s', 'text', true), col('ts', 'timestamp with time zone', true)],
      existing: new Map([
        ['d', 'double precision'],
        ['s', 'character varying'],
        ['ts', 'timestamp without time zone'],
      ]),
      keyColumns: [],
      now,
    });
    expect(changes).toEqual([]);
  });
});

describe('ddl', () => {
  it('quotes every identifier and rejects unsafe type names', () => {
    expect(createTableSql('s"x', 'T', [{ name: 'select', type: 'numeric(12,2)' }], ['select'])).toBe(
      'CREATE TABLE "s""x"."T" ("select" numeric(12,2), PRIMARY KEY ("select"))',
    );
    expect(isSafeTypeName('timestamp(3) with time zone')).toBe(true);
    expect(isSafeTypeName('character varying(64)[]')).toBe(true);
    expect(isSafeTypeName('int); drop table x; --')).toBe(false);
    for (const type of ['geometry(Point,4326)', 'geography(MultiPolygon, 4326)', 'public.geometry(PointZ,4326)[]'])
      expect(isSafeTypeName(type)).toBe(true);
    for (const type of ["geometry('Point',4326)", 'geometry(Point,4326))', 'geometry(Point;4326)', 'f(a(b))'])
      expect(isSafeTypeName(type)).toBe(false);
    expect(createIndexSql('s', 't', 'a, B')).toBe('CREATE INDEX IF NOT EXISTS "i_t_a_b" ON "s"."t" ("a", "b")');
  });
});
