import { quoteIdent } from '@pgsinger/postgres';
import { testDatabase, writeJsonTemp } from '@pgsinger/testkit';
import { Client } from 'pg';
import { configFile, parseOutput, rawRecord, selectedCatalog, tap, type OutputMessage } from './helpers';

// The tap reads tables as COPY text and writes each RECORD straight from PostgreSQL's bytes (values/copy-field.ts,
// values/copy-record-encoder.ts): these cases hold it to what JSON.stringify writes for the text PostgreSQL prints.

const db = testDatabase({ prefix: 'tap_copy_read' });

/** Every ASCII character alone, then the spellings COPY escapes, NULL look-alikes and non-ASCII text. */
const STRINGS: readonly string[] = [
  ...Array.from({ length: 127 }, (_, i) => String.fromCharCode(i + 1)),
  '\\N',
  'N',
  '\\\\N',
  '\\',
  '\\\\',
  'a\tb\tc',
  'line 1\nline 2\r\nline 3\r',
  '\b\f\v\u0001\u001f\u007f',
  '"quoted" and \\"escaped\\"',
  'tab at the end\t',
  '\ttab at the start',
  '',
  ' ',
  'é ü ß Ω 中文 日本語 한국어',
  'emoji 😀👍🏽 and astral 𝄞',
  'combining e\u0301 and zero-width\u200b joiner\u200d',
  'line separators \u2028 \u2029',
  '\u00a0non-breaking\u00a0',
  'a'.repeat(5000),
  'mixed \\t literal backslash-t, real\ttab, \\n literal, real\nnewline',
];

const records = (messages: readonly OutputMessage[], stream: string): OutputMessage[] =>
  messages.filter((m) => m.type === 'RECORD' && m.stream === stream);

async function fullTable(stream: string, extra: { state?: unknown; config?: Record<string, unknown> } = {}) {
  const config = configFile(db, extra.config);
  const catalog = await selectedCatalog(config, { [stream]: { method: 'FULL_TABLE' } });
  const args = ['-c', config, '--catalog', catalog];
  if (extra.state !== undefined) args.push('--state', writeJsonTemp(extra.state, 'state'));
  const result = await tap(args);
  expect(result.stderr).not.toContain('ERROR');
  expect(result.code).toBe(0);
  return parseOutput(result.stdout);
}

describe('FULL_TABLE through COPY text', () => {
  beforeAll(async () => {
    await db.query('CREATE TABLE strings (id integer PRIMARY KEY, t text, v varchar(6000), c char(3), n name)');
    for (const [i, text] of STRINGS.entries()) {
      const short = text.slice(0, 3);
      await db.query('INSERT INTO strings VALUES ($1, $2::text, $2::text, $3, $4)', [
        i + 1,
        text,
        short,
        text.slice(0, 60),
      ]);
    }
  });

  it('writes every character, escape and non-ASCII text as JSON.stringify spells PostgreSQL text', async () => {
    const messages = await fullTable('public-strings');
    const source = await db.query<{ id: number; t: string; v: string; c: string; n: string }>(
      'SELECT id, t, v, c, n::text AS n FROM strings ORDER BY id',
    );
    // Byte for byte what JSON.stringify writes (\u000b for \v, DEL and U+2028 raw), keys in the catalog's order.
    const expected = source.rows.map(
      (row) =>
        `{"c":${JSON.stringify(row.c)},"id":${row.id},"n":${JSON.stringify(row.n)},` +
        `"t":${JSON.stringify(row.t)},"v":${JSON.stringify(row.v)}}`,
    );
    const written = records(messages, 'public-strings').map((m) => rawRecord(m.raw));
    expect(written).toHaveLength(expected.length);
    const wrong = written.flatMap((line, i) =>
      line === expected[i] ? [] : [{ written: line, expected: expected[i] }],
    );
    expect(wrong.slice(0, 3)).toEqual([]);
  });

  it('keeps rows longer than a network read whole (texts and bytea of megabytes between small rows)', async () => {
    await db.query(`CREATE TABLE wide (id integer PRIMARY KEY, t text, b bytea);
      INSERT INTO wide SELECT g, repeat(md5(g::text) || E'\\t\\\\é', CASE WHEN g % 3 = 0 THEN 40000 ELSE 1 END),
        CASE WHEN g % 4 = 0 THEN decode(repeat(md5(g::text), 60000), 'hex') END
      FROM generate_series(1, 12) g;`);
    const messages = await fullTable('public-wide');
    const { rows } = await db.query<{ id: number; t: string; b: string | null }>(
      "SELECT id, t, '\\x' || encode(b, 'hex') AS b FROM wide ORDER BY id",
    );
    expect(records(messages, 'public-wide').map((m) => m.record)).toEqual(rows);
    expect(rows.some((row) => row.t.length > 1_000_000)).toBe(true);
  });

  it('resumes after a key COPY must carry as a parameter (tabs, quotes, backslashes, `$1`), with odd column names', async () => {
    const keys = ['a', 'a\tb', "it's", 'x"$1"y', '\\N', '$2', 'back\\slash', 'z'];
    await db.query('CREATE TABLE odd ("$1" text PRIMARY KEY, "a""$2" integer, "$3 ""x""" text)');
    for (const [i, key] of keys.entries()) await db.query('INSERT INTO odd VALUES ($1::text, $2, $1::text)', [key, i]);
    const after = "it's";
    const messages = await fullTable('public-odd', {
      state: { bookmarks: { 'public-odd': { version: 1, last_pk_fetched: { $1: after } } } },
    });
    const expected = await db.query<Record<string, unknown>>(
      `SELECT "$1", "a""$2", "$3 ""x""" FROM odd WHERE "$1" > $1 ORDER BY "$1"`,
      [after],
    );
    expect(expected.rows.length).toBeGreaterThan(0);
    expect(expected.rows.length).toBeLessThan(keys.length);
    expect(records(messages, 'public-odd').map((m) => m.record)).toEqual(expected.rows);
  });

  it('in a SQL_ASCII database: UTF-8 bytes pass as they are, a value that is not UTF-8 fails its stream clearly', async () => {
    const name = `${db.name}_ascii`;
    await db.server.adminQuery(
      `CREATE DATABASE ${quoteIdent(name)} ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`,
    );
    const settings = { ...db.settings, dbname: name };
    const client = new Client({ ...settings, database: name });
    await client.connect();
    try {
      await client.query(`CREATE TABLE utf (id integer PRIMARY KEY, t text);
        INSERT INTO utf VALUES (1, E'\\xc3\\xa9t\\xc3\\xa9'), (2, E'tab\\there \\xf0\\x9f\\x98\\x80'), (3, 'plain');
        CREATE TABLE latin (id integer PRIMARY KEY, t text);
        INSERT INTO latin VALUES (1, E'caf\\xe9');`);
    } finally {
      await client.end();
    }
    const config = writeJsonTemp(settings, 'config');
    const choice = { method: 'FULL_TABLE' } as const;
    const catalog = await selectedCatalog(config, { 'public-latin': choice, 'public-utf': choice });
    const result = await tap(['-c', config, '--catalog', catalog]);
    await db.server.adminQuery(`DROP DATABASE ${quoteIdent(name)} WITH (FORCE)`);
    // PostgreSQL itself checks what it sends a UTF-8 client (as it did when rows came as DataRow messages).
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/ERROR stream public-latin failed and was skipped: .*22021.*invalid byte sequence/);
    expect(records(parseOutput(result.stdout), 'public-utf').map((m) => m.record)).toEqual([
      { id: 1, t: 'été' },
      { id: 2, t: 'tab\there 😀' },
      { id: 3, t: 'plain' },
    ]);
  });
});
