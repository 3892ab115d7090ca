import { readFileSync } from 'node:fs';
import path from 'node:path';
import { testDatabase, writeJsonTemp, type StreamChoice } from '@pgsinger/testkit';
import { configFile, parseOutput, selectedCatalog, tap } from '../helpers';

// The every-type fixture through LOG_BASED with each plugin: every streamed value must be the JSON value FULL_TABLE
// gives for the same row (log-based-wal2json-*: wal2json printed bytea hex without its `\x`).
const db = testDatabase({ prefix: 'tap_types_plugins' });
const fixture = readFileSync(path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'all-types.sql'), 'utf8');

beforeAll(async () => {
  await db.query('CREATE SCHEMA src; CREATE EXTENSION hstore; CREATE EXTENSION citext; CREATE EXTENSION ltree');
  const body = fixture.replace(/CREATE EXTENSION[^;]*;/g, '');
  await db.query(`BEGIN; SET LOCAL search_path = src, public; ${body}; COMMIT;`);
}, 60_000);

type Rows = Map<string, Record<string, unknown>>;

/** The RECORDs of a run by id, without the tap's `_sdc_*` columns. */
function recordsById(stdout: string): Rows {
  const rows: Rows = new Map();
  for (const m of parseOutput(stdout)) {
    if (m.type !== 'RECORD' || m.record === undefined) continue;
    const values = Object.fromEntries(Object.entries(m.record).filter(([key]) => !key.startsWith('_sdc_')));
    rows.set(String(values.id), values);
  }
  return rows;
}

async function run(
  method: StreamChoice['method'],
  stream: string,
  extra: Record<string, unknown> = {},
  state?: unknown,
) {
  const config = configFile(db, { filter_schemas: 'src', ...extra });
  const catalog = await selectedCatalog(config, { [stream]: { method } });
  const args = ['-c', config, '--catalog', catalog];
  if (state !== undefined) args.push('--state', writeJsonTemp(state, 'state'));
  const result = await tap(args);
  if (result.code !== 0) throw new Error(`tap ${result.code}: ${result.stderr.slice(-2000)}`);
  const messages = parseOutput(result.stdout);
  return { rows: recordsById(result.stdout), state: messages.filter((m) => m.type === 'STATE').pop()?.value };
}

describe('every type through LOG_BASED', () => {
  it.each(['wal2json', 'pgoutput'])('log-based-%s streams every value as FULL_TABLE reads it', async (plugin) => {
    const expected = (await run('FULL_TABLE', 'src-all_types')).rows;
    expect(expected.size).toBeGreaterThan(2);
    const table = `all_types_${plugin}`;
    await db.query(`CREATE TABLE src.${table} (LIKE src.all_types INCLUDING ALL)`);
    const extra = { logical_decoding_plugin: plugin, slot_name: `types_${plugin}` };
    const first = await run('LOG_BASED', `src-${table}`, extra);
    expect(first.rows.size).toBe(0);
    await db.query(`INSERT INTO src.${table} SELECT * FROM src.all_types`);
    const streamed = (await run('LOG_BASED', `src-${table}`, extra, first.state)).rows;
    expect(Object.fromEntries(streamed)).toEqual(Object.fromEntries(expected));
  });
});
