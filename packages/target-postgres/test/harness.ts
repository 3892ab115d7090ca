import { runBin, testDatabase, writeJsonTemp, type BinResult } from '@pgsinger/testkit';

/** The destination schema every test loads into. */
export const SCHEMA = 'tgt';

/** A message or a raw line of input. */
export type Line = Readonly<Record<string, unknown>> | string;

/** Turns messages into Singer input text. */
export function singer(lines: readonly Line[]): string {
  return lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
}

/** A test database plus helpers to run the real target bin against it (call at the top level of a test file). */
export function targetHarness(prefix: string) {
  const db = testDatabase({ prefix });
  const config = (overrides: Readonly<Record<string, unknown>> = {}): Record<string, unknown> => ({
    ...db.settings,
    default_target_schema: SCHEMA,
    ...overrides,
  });
  const run = (
    input: string | Buffer | readonly Line[],
    overrides: Readonly<Record<string, unknown>> = {},
  ): Promise<BinResult> =>
    runBin('target-postgres', ['--config', writeJsonTemp(config(overrides), 'target')], {
      input: typeof input === 'string' || Buffer.isBuffer(input) ? input : singer(input),
      timeoutMs: 60_000,
    });
  const rows = async (table: string, orderBy = '1', schema = SCHEMA): Promise<Record<string, unknown>[]> =>
    (await db.query(`SELECT * FROM "${schema}"."${table}" ORDER BY ${orderBy}`)).rows as Record<string, unknown>[];
  /** A table's columns (of schema tgt) and their types as format_type prints them. */
  const columns = async (table: string): Promise<Record<string, string>> => {
    const res = await db.query<{ attname: string; t: string }>(
      `SELECT attname, format_type(atttypid, atttypmod) AS t FROM pg_attribute
        WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [`${SCHEMA}."${table}"`],
    );
    return Object.fromEntries(res.rows.map((r) => [r.attname, r.t]));
  };
  const reset = async (): Promise<void> => {
    await db.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  };
  return { db, config, run, rows, columns, reset };
}

/** The JSON values printed on stdout. */
export function states(result: BinResult): unknown[] {
  return result.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);
}

/** A SCHEMA message. */
export function schemaMsg(stream: string, properties: Record<string, unknown>, keys: string[] = ['id']): Line {
  return { type: 'SCHEMA', stream, schema: { type: 'object', properties }, key_properties: keys };
}

/** A RECORD message. */
export function rec(stream: string, record: Record<string, unknown>, extra: Record<string, unknown> = {}): Line {
  return { type: 'RECORD', stream, record, ...extra };
}

/** A STATE message. */
export function state(value: unknown): Line {
  return { type: 'STATE', value };
}
