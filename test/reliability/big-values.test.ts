import { testDatabase } from '@pgsinger/testkit';
import { compareManyTables, createManyTables, ROWS_PER_TABLE } from './harness/many-streams';
import { measuredSync } from './harness/measured-sync';
import { bigValueSql, compareBig } from './harness/big-value';

// Big values and wide or many streams through tap | target, FULL_TABLE (LOG_BASED: big-values-log-based.test.ts): a
// 100 MB text and a 100 MB bytea, a table of 1,600 columns (PostgreSQL's maximum), and many streams in one run. Peak
// RSS of both programs is printed so that the README can quote it; the soak runner does 10,000 streams.
const db = testDatabase({ prefix: 'rel_big' });
const MB = 1024 * 1024;
/** Streams in one run for `npm test` (10,000 in `npm run soak -- --streams 10000`). */
const SUITE_STREAMS = 200;

const report = (what: string, run: Awaited<ReturnType<typeof measuredSync>>): void => {
  process.stdout.write(
    `${what}: ${run.streams} streams, discover ${run.discoverMs} ms, sync ${run.syncMs} ms, ` +
      `tap peak ${run.tapPeakMb} MB, target peak ${run.targetPeakMb} MB\n`,
  );
};

describe('big values, wide tables, many streams', () => {
  // big-value-100mb-text / big-value-100mb-bytea: the sizes.
  it.each([
    ['text', 100],
    ['bytea', 100],
  ] as const)(
    'big-value-%s: a %i MB value arrives byte for byte (FULL_TABLE)',
    async (type, mb) => {
      const schema = `big_${type}_${mb}`;
      await db.query(`CREATE SCHEMA ${schema}_src; CREATE TABLE ${schema}_src.big (id int PRIMARY KEY, v ${type})`);
      await db.query(`INSERT INTO ${schema}_src.big SELECT 1, ${bigValueSql(type, mb)}`);
      const run = await measuredSync(db.settings, {
        schemas: [`${schema}_src`],
        targetSchema: `${schema}_dst`,
        selection: { method: 'FULL_TABLE' },
        timeoutMs: 600_000,
      });
      report(`${mb} MB ${type}`, run);
      expect({ tap: run.tap.code, target: run.target.code, err: run.target.stderr.slice(-300) }).toEqual({
        tap: 0,
        target: 0,
        err: expect.any(String),
      });
      const compared = await compareBig(db, `${schema}_src`, `${schema}_dst`);
      expect(compared.map((r) => ({ same: r.same, big: (r.bytes ?? 0) >= mb * MB }))).toEqual([
        { same: true, big: true },
      ]);
    },
    900_000,
  );

  it('a table of 1,600 columns arrives whole', async () => {
    const columns = Array.from({ length: 1599 }, (_v, i) => `c${i + 1} int`).join(', ');
    const values = Array.from({ length: 1599 }, (_v, i) => `g * ${i + 1}`).join(', ');
    await db.query(`CREATE SCHEMA wide_src; CREATE TABLE wide_src.wide (id int PRIMARY KEY, ${columns})`);
    await db.query(`INSERT INTO wide_src.wide SELECT g, ${values} FROM generate_series(1, 200) g`);
    const run = await measuredSync(db.settings, {
      schemas: ['wide_src'],
      targetSchema: 'wide_dst',
      selection: { method: 'FULL_TABLE' },
      timeoutMs: 300_000,
    });
    report('1,600 columns x 200 rows', run);
    expect({ tap: run.tap.code, target: run.target.code, err: run.target.stderr.slice(-300) }).toEqual({
      tap: 0,
      target: 0,
      err: expect.any(String),
    });
    const diff = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM wide_src.wide s FULL JOIN wide_dst.wide d USING (id)
        WHERE row_to_json(s)::jsonb IS DISTINCT FROM row_to_json(d)::jsonb`,
    );
    expect(diff.rows[0]?.n).toBe(0);
  }, 300_000);

  it(`${SUITE_STREAMS} streams in one run`, async () => {
    await createManyTables(db, 'many_src', SUITE_STREAMS);
    const run = await measuredSync(db.settings, {
      schemas: ['many_src'],
      targetSchema: 'many_dst',
      selection: { method: 'FULL_TABLE' },
      timeoutMs: 600_000,
    });
    report(`${SUITE_STREAMS} streams`, run);
    expect({ tap: run.tap.code, target: run.target.code, err: run.target.stderr.slice(-300) }).toEqual({
      tap: 0,
      target: 0,
      err: expect.any(String),
    });
    expect(await compareManyTables(db, 'many_src', 'many_dst')).toEqual({
      tables: SUITE_STREAMS,
      rows: SUITE_STREAMS * ROWS_PER_TABLE,
      differing: 0,
    });
  }, 600_000);
});
