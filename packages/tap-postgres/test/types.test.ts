import Ajv from 'ajv';
import { discoverCatalog, selectStreams, testDatabase } from '@pgsinger/testkit';
import { OUT_OF_ISO_RANGE, TYPE_CASES, TYPE_SETUP } from './fixtures/type-cases';
import { catalogFile, configFile, parseOutput, rawRecord, tap } from './helpers';

const db = testDatabase({ prefix: 'tap_types' });
const ROWS = 1 + Math.max(...TYPE_CASES.map((c) => c.values.length));
const outOfRange = (value: unknown): boolean => typeof value === 'string' && OUT_OF_ISO_RANGE.test(value);
const isSerial = (type: string): boolean => type.endsWith('serial');

/** The SQL expression and expected JSON text of a case in row r (row 0 is all NULL). */
function cell(c: (typeof TYPE_CASES)[number], r: number): readonly [string, string] {
  if (isSerial(c.type) && (r === 0 || r > c.values.length)) return [String(100 + r), String(100 + r)];
  if (r === 0 || r > c.values.length) return ['NULL', 'null'];
  return c.values[r - 1];
}

function expectedRecord(r: number): string {
  const parts: [string, string][] = TYPE_CASES.map((c) => [c.column, cell(c, r)[1]]);
  parts.push(['id', String(r + 1)]);
  parts.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${parts.map(([name, json]) => `${JSON.stringify(name)}:${json}`).join(',')}}`;
}

beforeAll(async () => {
  await db.query(TYPE_SETUP);
  const columns = TYPE_CASES.map((c) => `${c.column} ${c.type}`).join(', ');
  await db.query(`CREATE TABLE every_type (id integer PRIMARY KEY, ${columns})`);
  for (let r = 0; r < ROWS; r += 1) {
    const values = TYPE_CASES.map((c) => cell(c, r)[0]).join(', ');
    await db.query(`INSERT INTO every_type VALUES (${r + 1}, ${values})`);
  }
});

describe('every type', () => {
  it('discovers each column with its exact sql-datatype and x-sql-datatype', async () => {
    const catalog = await discoverCatalog(configFile(db));
    const entry = catalog.streams.find((s) => s.tap_stream_id === 'public-every_type');
    expect(entry).toBeDefined();
    for (const c of TYPE_CASES) {
      const md = entry?.metadata.find((m) => m.breadcrumb[1] === c.column)?.metadata;
      expect({ column: c.column, sqlDatatype: md?.['sql-datatype'] }).toEqual({
        column: c.column,
        sqlDatatype: c.sqlDatatype,
      });
      expect(entry?.schema.properties[c.column]['x-sql-datatype']).toBe(c.sqlDatatype);
    }
  });

  it.each(['FULL_TABLE', 'INCREMENTAL'] as const)('syncs every value intact with %s', async (method) => {
    const config = configFile(db);
    const replicationKey = method === 'INCREMENTAL' ? { replicationKey: 'id' } : {};
    const catalog = selectStreams(await discoverCatalog(config), {
      'public-every_type': { method, ...replicationKey },
    });
    const result = await tap(['-c', config, '--catalog', catalogFile(catalog)]);
    expect(result.stderr).not.toMatch(/CRITICAL/);
    expect(result.code).toBe(0);
    const messages = parseOutput(result.stdout);
    const records = messages.filter((m) => m.type === 'RECORD');
    expect(records).toHaveLength(ROWS);
    records.forEach((record, r) => {
      const actual = JSON.parse(rawRecord(record.raw)) as Record<string, unknown>;
      const expected = JSON.parse(expectedRecord(r)) as Record<string, unknown>;
      for (const name of Object.keys(expected)) expect({ [name]: actual[name] }).toEqual({ [name]: expected[name] });
      // Exact digits and exact text: the whole record as written.
      expect(rawRecord(record.raw)).toBe(expectedRecord(r));
    });
    const schema = messages.find((m) => m.type === 'SCHEMA');
    expect(schema?.stream).toBe('public-every_type');
    expect(schema?.bookmark_properties).toEqual(method === 'INCREMENTAL' ? ['id'] : []);
    const ajv = new Ajv({ format: 'full', multipleOfPrecision: 6 });
    const validate = ajv.compile(schema?.schema ?? {});
    const skipped: string[] = [];
    for (const record of records) {
      // Documented exception: infinity, BC and years past 9999 are sent as PostgreSQL's text (lossless), which
      // JSON Schema's date / date-time formats cannot express; every other value validates.
      const checked: Record<string, unknown> = { ...record.record };
      for (const c of TYPE_CASES) {
        if (/^(date|timestamp)/.test(c.sqlDatatype) && [checked[c.column]].flat(9).some(outOfRange)) {
          skipped.push(`${c.column}=${JSON.stringify(checked[c.column])}`);
          delete checked[c.column];
        }
      }
      expect({ valid: validate(checked), errors: validate.errors ?? null }).toEqual({
        valid: true,
        errors: null,
      });
    }
    expect(skipped).toHaveLength(8);
  });
});
