import { parseSqlType } from '../../src/discovery/sql-type';
import { incrementalStart, nullKeyWarning } from '../../src/sync/incremental';
import { IncrementalPosition } from '../../src/sync/incremental-position';
import { incrementalQuery } from '../../src/sync/incremental-query';
import { keyPointTexts } from '../../src/sync/key-point';

const read = { schema: 's', table: 'T', columns: ['id', 'at', 'x'], only: false };
const key = { name: 'at', sqlDatatype: 'timestamp with time zone' };
const tieBreakers = [{ name: 'id', sqlDatatype: 'bigint' }];

describe('incrementalQuery', () => {
  it('reads every non-NULL key in (key, primary key) order without a start', () => {
    expect(incrementalQuery({ ...read, key, tieBreakers, limit: 10 })).toEqual({
      text: 'SELECT "id", "at", "x" FROM "s"."T" WHERE "at" IS NOT NULL ORDER BY "at", "id" LIMIT $1::bigint',
      values: [10],
      pastStartColumn: false,
    });
  });

  it('reads >= the value from a start without a tie-breaker (pipelinewise bookmarks, keyless tables)', () => {
    const query = incrementalQuery({ ...read, key, tieBreakers: [], start: { value: '2024-01-01' } });
    expect(query.text).toBe(
      'SELECT "id", "at", "x" FROM "s"."T" WHERE "at" >= $1::timestamp with time zone ORDER BY "at"',
    );
    expect(query.values).toEqual(['2024-01-01']);
  });

  it('resumes strictly after the tuple, plus the rows at its value the recheck window wrote', () => {
    const start = { value: '2024-01-01', after: ['7'], recheck: { since32: '100', span: '5' } };
    const query = incrementalQuery({ ...read, key, tieBreakers, start, limit: 3 });
    expect(query.text).toBe(
      'SELECT "id", "at", "x", ("at", "id") > ($1::timestamp with time zone, $2::bigint) FROM "s"."T"' +
        ' WHERE "at" >= $1::timestamp with time zone AND (("at", "id") > ($1::timestamp with time zone, $2::bigint)' +
        ' OR ("at" = $1::timestamp with time zone AND xmin::text::bigint >= 3' +
        ' AND ((xmin::text::bigint - $3::bigint + 4294967296) % 4294967296) < $4::bigint))' +
        ' ORDER BY "at", "id" LIMIT $5::bigint',
    );
    expect(query.values).toEqual(['2024-01-01', '7', '100', '5', 3]);
    expect(query.pastStartColumn).toBe(true);
  });

  it('re-reads every row at the value when no recheck window is known (no or too old xmin)', () => {
    const composite = [...tieBreakers, { name: 'k"2', sqlDatatype: 'text' }];
    const query = incrementalQuery({
      ...read,
      key,
      tieBreakers: composite,
      start: { value: 'v', after: ['1', "a'b"] },
    });
    expect(query.text).toMatch(/WHERE "at" >= \$1::timestamp with time zone ORDER BY "at", "id", "k""2"$/);
    expect(query.text).toMatch(/, \("at", "id", "k""2"\) > \(\$1::timestamp with time zone, \$2::bigint, \$3::text\)/);
    expect(query.values).toEqual(['v', '1', "a'b"]);
  });
});

describe('incrementalStart', () => {
  it('takes the tuple when the stored tie-breaker is for these key columns, else the value alone', () => {
    const tie = { pk: { id: '7' }, xmin: 10 };
    expect(incrementalStart('2024-01-01', tie, ['id'])).toEqual({ value: '2024-01-01', after: ['7'] });
    expect(incrementalStart('2024-01-01', tie, ['other'])).toEqual({ value: '2024-01-01' });
    expect(incrementalStart('2024-01-01', tie, ['id', 'k'])).toEqual({ value: '2024-01-01' });
    expect(incrementalStart('2024-01-01', undefined, ['id'])).toEqual({ value: '2024-01-01' });
    expect(incrementalStart(5, undefined, ['id'])).toEqual({ value: '5' });
    expect(incrementalStart(null, tie, ['id'])).toBeUndefined();
    expect(incrementalStart(undefined, undefined, [])).toBeUndefined();
  });

  it('ignores tie-breakers that are not texts keyed by the primary key columns', () => {
    expect(keyPointTexts({ id: 7 }, ['id'])).toBeUndefined();
    expect(keyPointTexts(['7'], ['id'])).toBeUndefined();
    expect(keyPointTexts({ id: '7', gone: '1' }, ['id'])).toBeUndefined();
    expect(keyPointTexts({ b: 'y', a: 'x' }, ['a', 'b'])).toEqual(['x', 'y']);
  });
});

describe('IncrementalPosition', () => {
  const base = {
    keyType: parseSqlType('timestamp with time zone'),
    keyIndex: 1,
    tieBreakers,
    tieIndexes: [0],
    snapshotXmin: '4294967396',
  };
  const startValue = '2024-01-01T00:00:00+00:00';
  const start = { value: startValue, after: ['7'] };

  it('stands at the last row sent with the run snapshot xmin', () => {
    const position = new IncrementalPosition({ ...base, startValue, start, pastStartIndex: 3 });
    expect(position.after(undefined)).toBeUndefined();
    expect(position.after(['9', '2024-01-02 00:00:00.5+00', 'x', 't'])).toEqual({
      value: '2024-01-02T00:00:00.500000+00:00',
      tie: { pk: { id: '9' }, xmin: 4294967396 },
    });
    expect(position.exhausted()).toBeUndefined();
  });

  it('goes back to its start when only re-read rows (before the start) were sent and the query ran out', () => {
    const position = new IncrementalPosition({ ...base, startValue, start, pastStartIndex: 3 });
    expect(position.after(['3', '2024-01-01 00:00:00+00', 'x', 'f'])).toMatchObject({ tie: { pk: { id: '3' } } });
    expect(position.exhausted()).toEqual({ value: startValue, tie: { pk: { id: '7' }, xmin: 4294967396 } });
  });

  it('keeps the value alone for streams without a primary key', () => {
    const position = new IncrementalPosition({ ...base, tieBreakers: [], tieIndexes: [] });
    expect(position.after(['1', '2024-01-01 00:00:00+00', null])).toEqual({ value: '2024-01-01T00:00:00+00:00' });
    expect(position.exhausted()).toBeUndefined();
  });
});

describe('nullKeyWarning', () => {
  it('counts the rows and says how to get them sent', () => {
    expect(nullKeyWarning({ tapStreamId: 'public-t' }, 'updated_at', 1)).toMatch(
      /^public-t: 1 row has a NULL replication key "updated_at"; INCREMENTAL does not send them — give them a value/,
    );
    expect(nullKeyWarning({ tapStreamId: 'public-t' }, 'k', 12)).toMatch(/12 rows have a NULL/);
  });
});
