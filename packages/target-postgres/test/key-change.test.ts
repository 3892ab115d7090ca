import { failure } from '@pgsinger/testkit';
import { rec, schemaMsg, state, states, targetHarness } from './harness';

// A change of key_properties for an existing table: the primary key follows when the rows allow it (WARNING), else
// one line naming the stream, the old and new keys and what to do; never a duplicate-key error blaming the source.
const h = targetHarness('tgt_keychange');

beforeEach(h.reset);

const props = {
  id: { type: 'integer' },
  c_bool: { type: ['null', 'boolean'] },
  email: { type: ['null', 'string'] },
  v: { type: ['null', 'string'] },
};
const keyed = (keys: string[]) => schemaMsg('k', props, keys);
const primaryKey = async (): Promise<string[]> =>
  (
    await h.db.query<{ col: string }>(
      `SELECT a.attname AS col FROM pg_constraint c CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY k(n, o)
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n
        WHERE c.conrelid = 'tgt.k'::regclass AND c.contype = 'p' ORDER BY k.o`,
    )
  ).rows.map((r) => r.col);
const rows = async () => (await h.db.query('SELECT id::int, c_bool, email, v FROM tgt.k ORDER BY id, c_bool, v')).rows;

describe('key_properties changes', () => {
  it('[id] → [id, c_bool] in one run: the primary key follows, both rows of id 1 are kept', async () => {
    const result = await h.run([
      keyed(['id']),
      rec('k', { id: 1, c_bool: true, v: 'a' }),
      rec('k', { id: 2, c_bool: false, v: 'b' }),
      state({ n: 1 }),
      keyed(['id', 'c_bool']),
      rec('k', { id: 1, c_bool: false, v: 'c' }),
      rec('k', { id: 2, c_bool: false, v: 'b2' }),
      state({ n: 2 }),
    ]);
    expect(result.stderr).not.toMatch(/CRITICAL/);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /WARNING line 5: key_properties of stream k changed from \["id"\] to \["id","c_bool"\]: changing the primary key of tgt\.k/,
    );
    expect(states(result)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await primaryKey()).toEqual(['id', 'c_bool']);
    expect(await rows()).toEqual([
      { id: 1, c_bool: false, email: null, v: 'c' },
      { id: 1, c_bool: true, email: null, v: 'a' },
      { id: 2, c_bool: false, email: null, v: 'b2' },
    ]);
  });

  it('[id] → [id, c_bool] when existing rows have no c_bool: one line naming the keys and the fix', async () => {
    expect((await h.run([keyed(['id']), rec('k', { id: 1, v: 'a' }), state({ n: 1 })])).code).toBe(0);
    const result = await h.run([keyed(['id', 'c_bool']), rec('k', { id: 1, c_bool: true, v: 'b' }), state({ n: 2 })]);
    expect(result.code).toBe(1);
    expect(failure(result)).toMatch(
      /^CRITICAL line 1: key_properties of stream k changed from \["id"\] to \["id","c_bool"\], but tgt\.k has rows with NULL values in \["id","c_bool"\], so that cannot be its primary key — make those rows unique and non-null in the new key columns, or rename or drop tgt\.k to load it afresh, or send the old key_properties \["id"\]$/,
    );
    expect(states(result)).toEqual([]);
    expect(await primaryKey()).toEqual(['id']);
  });

  it('[id, email] → [id] with two rows for id 1: one line; with one row per id: changed, email may then be left out', async () => {
    const first = [
      keyed(['id', 'email']),
      rec('k', { id: 1, email: 'a@x', v: 'a' }),
      rec('k', { id: 1, email: 'b@x', v: 'b' }),
    ];
    expect((await h.run(first)).code).toBe(0);
    const narrowed = await h.run([keyed(['id']), rec('k', { id: 1, v: 'c' })]);
    expect(failure(narrowed)).toMatch(/but tgt\.k has rows with duplicate values in \["id"\]/);
    await h.db.query(`DELETE FROM tgt.k WHERE email = 'b@x'`);
    const again = await h.run([keyed(['id']), rec('k', { id: 1, v: 'c' }), rec('k', { id: 2, v: 'no email' })]);
    expect(again.stderr).not.toMatch(/CRITICAL/);
    expect(again.code).toBe(0);
    expect(await primaryKey()).toEqual(['id']);
    expect(await rows()).toEqual([
      { id: 1, c_bool: null, email: 'a@x', v: 'c' },
      { id: 2, c_bool: null, email: null, v: 'no email' },
    ]);
  });

  it("the Meltano SDK's pk_updates: [id] → [email]", async () => {
    const result = await h.run([
      keyed(['id']),
      rec('k', { id: 1, email: 'alice@example.com', v: 'Alice' }),
      keyed(['email']),
      rec('k', { id: 2, email: 'bob@example.com', v: 'Bob' }),
      rec('k', { id: 3, email: 'alice@example.com', v: 'Alice again' }),
    ]);
    expect(result.stderr).not.toMatch(/CRITICAL/);
    expect(result.code).toBe(0);
    expect(await primaryKey()).toEqual(['email']);
    expect((await h.db.query('SELECT id::int, email, v FROM tgt.k ORDER BY email')).rows).toEqual([
      { id: 3, email: 'alice@example.com', v: 'Alice again' },
      { id: 2, email: 'bob@example.com', v: 'Bob' },
    ]);
  });

  it('keys first declared on a table created without them: a primary key is added and records merge', async () => {
    const append = { primary_key_required: false };
    expect((await h.run([keyed([]), rec('k', { id: 1, v: 'a' }), rec('k', { id: 2, v: 'b' })], append)).code).toBe(0);
    expect(await primaryKey()).toEqual([]);
    const result = await h.run([keyed(['id']), rec('k', { id: 1, v: 'a2' }), rec('k', { id: 3, v: 'c' })]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/WARNING line 1: key_properties of stream k changed from \[\] to \["id"\]/);
    expect(await primaryKey()).toEqual(['id']);
    expect((await h.db.query('SELECT id::int, v FROM tgt.k ORDER BY id')).rows).toEqual([
      { id: 1, v: 'a2' },
      { id: 2, v: 'b' },
      { id: 3, v: 'c' },
    ]);
  });

  it('keys declared on a keyless table holding duplicates: no primary key, a warning, records merge by key', async () => {
    const append = { primary_key_required: false };
    const dup = [keyed([]), rec('k', { id: 1, v: 'a' }), rec('k', { id: 1, v: 'a' }), rec('k', { id: 2, v: 'b' })];
    expect((await h.run(dup, append)).code).toBe(0);
    const result = await h.run([keyed(['id']), rec('k', { id: 1, v: 'both' }), rec('k', { id: 3, v: 'c' })]);
    expect(result.stderr).not.toMatch(/CRITICAL/);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/WARNING line 1: tgt\.k has duplicate values in \["id"\]: no primary key added/);
    expect(await primaryKey()).toEqual([]);
    expect((await h.db.query('SELECT id::int, v FROM tgt.k ORDER BY id, v')).rows).toEqual([
      { id: 1, v: 'both' },
      { id: 1, v: 'both' },
      { id: 2, v: 'b' },
      { id: 3, v: 'c' },
    ]);
  });

  it('keys dropped ([id] → [], append-only): the primary key is dropped and records append', async () => {
    expect((await h.run([keyed(['id']), rec('k', { id: 1, v: 'a' })])).code).toBe(0);
    const result = await h.run([keyed([]), rec('k', { id: 1, v: 'again' })], { primary_key_required: false });
    expect(result.stderr).not.toMatch(/CRITICAL/);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/WARNING line 1: key_properties of stream k changed from \["id"\] to \[\]/);
    expect(await primaryKey()).toEqual([]);
    expect((await h.db.query('SELECT id::int, v FROM tgt.k ORDER BY v')).rows).toEqual([
      { id: 1, v: 'a' },
      { id: 1, v: 'again' },
    ]);
  });
});
