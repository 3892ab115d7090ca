import { changedSql, upsertSql } from '../../src/load/merge-sql';

describe('changedSql', () => {
  it('compares by equality only where equal values are stored identically', () => {
    expect(changedSql('n', 'bigint')).toBe('t."n" IS DISTINCT FROM EXCLUDED."n"');
    expect(changedSql('ts', 'timestamp(3) with time zone')).toBe('t."ts" IS DISTINCT FROM EXCLUDED."ts"');
    expect(changedSql('s', 'character varying(64)')).toBe(
      't."s" COLLATE "C" IS DISTINCT FROM EXCLUDED."s" COLLATE "C"',
    );
    for (const type of ['numeric(12,2)', 'jsonb', 'double precision', 'interval', 'text[]', 'citext', undefined]) {
      expect(changedSql('v', type)).toBe('t."v"::text IS DISTINCT FROM EXCLUDED."v"::text');
    }
  });

  it('builds the upsert with one test per updated column', () => {
    const sql = upsertSql({
      target: '"s"."t"',
      staging: 'pg_temp."st"',
      columns: ['id', 'b', 'c', 'a'],
      keys: ['id'],
      types: new Map([
        ['id', 'bigint'],
        ['a', 'integer'],
        ['b', 'jsonb'],
        ['c', 'text'],
      ]),
    });
    // Cheapest comparison first (OR stops at the first changed column); the SET list keeps the column order.
    expect(sql).toContain(
      'DO UPDATE SET "b" = EXCLUDED."b", "c" = EXCLUDED."c", "a" = EXCLUDED."a" WHERE t."a" IS DISTINCT FROM EXCLUDED."a" OR t."c" COLLATE "C" IS DISTINCT FROM EXCLUDED."c" COLLATE "C" OR t."b"::text IS DISTINCT FROM EXCLUDED."b"::text',
    );
  });
});
