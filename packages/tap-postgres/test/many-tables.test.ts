import { testDatabase } from '@pgsinger/testkit';
import { configFile, tap } from './helpers';

const db = testDatabase({ prefix: 'tap_many' });
const TABLES = 10_000;

beforeAll(async () => {
  // One DO block per 1,000 tables: a single transaction creating all of them runs out of lock slots.
  for (let from = 1; from <= TABLES; from += 1000) {
    await db.query(`
    DO $$
    BEGIN
      FOR i IN ${from}..${from + 999} LOOP
        EXECUTE format('CREATE TABLE public.%I (id bigint PRIMARY KEY, name text, amount numeric(12,2), at timestamptz)', 't' || i);
      END LOOP;
    END $$;
  `);
  }
}, 180_000);

describe('a database with 10,000 tables', () => {
  it('discovers every table in a few seconds', async () => {
    const started = Date.now();
    const result = await tap(['-c', configFile(db), '--discover']);
    const seconds = (Date.now() - started) / 1000;
    expect(result.code).toBe(0);
    const catalog = JSON.parse(result.stdout) as { streams: { tap_stream_id: string }[] };
    expect(catalog.streams).toHaveLength(TABLES);
    expect(seconds).toBeLessThan(10);
    process.stderr.write(`discovery of ${TABLES} tables: ${seconds.toFixed(2)} s\n`);
  });
});
