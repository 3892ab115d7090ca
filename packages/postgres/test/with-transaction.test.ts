import type { Client } from 'pg';
import { connect, isSqlState, quoteIdent, withTransaction } from '@pgsinger/postgres';
import { beginStatement } from '../src/with-transaction';
import { testDatabase } from '@pgsinger/testkit';

describe('beginStatement (pure)', () => {
  it('spells the options', () => {
    expect(beginStatement()).toBe('BEGIN');
    expect(beginStatement({ isolation: 'repeatable read', readOnly: true })).toBe(
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
    expect(beginStatement({ isolation: 'serializable', readOnly: true, deferrable: true })).toBe(
      'BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE',
    );
  });
});

describe('withTransaction', () => {
  const db = testDatabase({ prefix: 'postgres_tx' });
  let client: Client;
  const table = quoteIdent('tx items');

  beforeAll(async () => {
    client = await connect(db.settings);
    await client.query(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
  });
  afterAll(async () => {
    await client.end();
  });
  beforeEach(async () => {
    await client.query(`TRUNCATE ${table}`);
  });

  const count = async (): Promise<number> =>
    Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);

  it('commits and returns the result', async () => {
    const result = await withTransaction(client, async (c) => {
      await c.query(`INSERT INTO ${table} VALUES (1), (2)`);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await count()).toBe(2);
  });

  it('rolls back on error and rethrows the original error', async () => {
    const failing = withTransaction(client, async (c) => {
      await c.query(`INSERT INTO ${table} VALUES (1)`);
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(await count()).toBe(0);
    // The connection is usable again (not left in an aborted transaction).
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('rolls back on a server error', async () => {
    const failing = withTransaction(client, async (c) => {
      await c.query(`INSERT INTO ${table} VALUES (1)`);
      await c.query(`INSERT INTO ${table} VALUES (1)`);
    });
    const error = await failing.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isSqlState(error, 'unique_violation')).toBe(true);
    expect(await count()).toBe(0);
  });

  it('does not report success when a swallowed error aborted the transaction', async () => {
    const failing = withTransaction(client, async (c) => {
      await c.query(`INSERT INTO ${table} VALUES (1)`);
      await c.query('SELECT 1/0').catch(() => undefined);
    });
    await expect(failing).rejects.toThrow(/rolled back/);
    expect(await count()).toBe(0);
  });

  it('applies isolation and read only', async () => {
    await withTransaction(
      client,
      async (c) => {
        const { rows } = await c.query<{ iso: string; ro: string }>(
          "SELECT current_setting('transaction_isolation') AS iso, current_setting('transaction_read_only') AS ro",
        );
        expect(rows[0]).toEqual({ iso: 'repeatable read', ro: 'on' });
        const write = await c.query(`INSERT INTO ${table} VALUES (1)`).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isSqlState(write, 'read_only_sql_transaction')).toBe(true);
      },
      { isolation: 'repeatable read', readOnly: true },
    ).catch(() => undefined);
    expect(await count()).toBe(0);
  });
});
