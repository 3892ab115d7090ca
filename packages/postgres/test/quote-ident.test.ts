import { quoteIdent, quoteLiteral, quoteQualified } from '@pgsinger/postgres';
import { identifierByteLength, MAX_IDENTIFIER_BYTES, truncateIdentifier } from '../src/quote-ident';
import { testDatabase } from '@pgsinger/testkit';

const NASTY_NAMES = [
  'plain',
  'MixedCase',
  'with space',
  'a"quote',
  '""',
  "it's",
  'back\\slash',
  'dot.ted',
  'select',
  'user',
  'Ünïcødé ☃ 数据',
  '-1 leading digit',
  'x'.repeat(MAX_IDENTIFIER_BYTES),
];

describe('quoteIdent (pure)', () => {
  it('double-quotes and doubles inner quotes', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteQualified('s', 't"')).toBe('"s"."t"""');
  });

  it('rejects NUL and empty names', () => {
    expect(() => quoteIdent('a\0b')).toThrow(/NUL/);
    expect(() => quoteIdent('')).toThrow(/empty/);
  });

  it('counts and truncates UTF-8 bytes without splitting characters', () => {
    expect(identifierByteLength('é')).toBe(2);
    const name = 'é'.repeat(40);
    expect(truncateIdentifier(name)).toBe('é'.repeat(31));
    expect(truncateIdentifier('short')).toBe('short');
  });

  it('quotes literals like PQescapeLiteral', () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral('a\\b')).toBe(" E'a\\\\b'");
  });
});

describe('quoteIdent against the server', () => {
  const db = testDatabase({ prefix: 'postgres_quote' });

  it.each(NASTY_NAMES)('round-trips %j through CREATE TABLE', async (name) => {
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(name)}`);
    await db.query(`CREATE TABLE ${quoteQualified(name, name)} (${quoteIdent(name)} text)`);
    await db.query(`INSERT INTO ${quoteQualified(name, name)} (${quoteIdent(name)}) VALUES ($1)`, [name]);
    const { rows } = await db.query<{ table_schema: string; table_name: string; column_name: string }>(
      `SELECT table_schema, table_name, column_name FROM information_schema.columns
       WHERE table_schema = $1 AND table_name = $1`,
      [name],
    );
    expect(rows).toEqual([{ table_schema: name, table_name: name, column_name: name }]);
    const stored = await db.query(`SELECT ${quoteIdent(name)} AS v FROM ${quoteQualified(name, name)}`);
    expect(stored.rows).toEqual([{ v: name }]);
  });

  it('round-trips literals', async () => {
    for (const value of ["it's", 'a\\b', '\\\'"', 'ü ☃']) {
      const { rows } = await db.query<{ v: string }>(`SELECT ${quoteLiteral(value)} AS v`);
      expect(rows[0]?.v).toBe(value);
    }
  });
});
