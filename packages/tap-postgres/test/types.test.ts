import Ajv from 'ajv';
import { createPostgis, discoverCatalog, selectStreams, testDatabase } from '@pgsinger/testkit';
import type { TemporalFormat } from '../src/config';
import {
  everyTypeTableSql,
  OUT_OF_ISO_RANGE,
  TYPE_CASES,
  TYPE_ROWS,
  TYPE_SETUP,
  typeCell,
} from '../../../test/fixtures/type-cases';
import { catalogFile, configFile, parseOutput, rawRecord, rawSqlText, tap } from './helpers';

const db = testDatabase({ prefix: 'tap_types' });
const outOfRange = (value: unknown): boolean => typeof value === 'string' && OUT_OF_ISO_RANGE.test(value);

const byName = ([a]: readonly [string, string], [b]: readonly [string, string]): number => (a < b ? -1 : a > b ? 1 : 0);

/** The record text and the x-sql-text text (undefined: none) the tap must write for row r. */
function expected(r: number, format: TemporalFormat): { record: string; sqlText: string | undefined } {
  const record: [string, string][] = [['id', String(r + 1)]];
  const sqlText: [string, string][] = [];
  for (const c of TYPE_CASES) {
    const [, json, exact, postgresJson] = typeCell(c, r);
    const postgres = format === 'postgres' && postgresJson !== undefined;
    record.push([c.column, postgres ? postgresJson : json]);
    if (exact !== undefined && !postgres) sqlText.push([c.column, JSON.stringify(exact)]);
  }
  const object = (parts: [string, string][]): string =>
    `{${parts
      .sort(byName)
      .map(([name, text]) => `${JSON.stringify(name)}:${text}`)
      .join(',')}}`;
  return { record: object(record), sqlText: sqlText.length === 0 ? undefined : object(sqlText) };
}

beforeAll(async () => {
  await createPostgis(db);
  await db.query(TYPE_SETUP);
  await db.query(everyTypeTableSql('every_type'));
}, 60_000);

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

  it.each([
    ['FULL_TABLE', 'pipelinewise'],
    ['INCREMENTAL', 'pipelinewise'],
    ['FULL_TABLE', 'postgres'],
  ] as const)('syncs every value intact with %s, temporal_format %s', async (method, temporalFormat) => {
    const config = configFile(db, { temporal_format: temporalFormat });
    const replicationKey = method === 'INCREMENTAL' ? { replicationKey: 'id' } : {};
    const catalog = selectStreams(await discoverCatalog(config), {
      'public-every_type': { method, ...replicationKey },
    });
    const result = await tap(['-c', config, '--catalog', catalogFile(catalog)]);
    expect(result.stderr).not.toMatch(/CRITICAL/);
    expect(result.code).toBe(0);
    const messages = parseOutput(result.stdout);
    const records = messages.filter((m) => m.type === 'RECORD');
    expect(records).toHaveLength(TYPE_ROWS);
    records.forEach((record, r) => {
      const want = expected(r, temporalFormat);
      const actual = JSON.parse(rawRecord(record.raw)) as Record<string, unknown>;
      const wanted = JSON.parse(want.record) as Record<string, unknown>;
      for (const name of Object.keys(wanted)) expect({ [name]: actual[name] }).toEqual({ [name]: wanted[name] });
      expect(JSON.parse(rawSqlText(record.raw) ?? 'null')).toEqual(JSON.parse(want.sqlText ?? 'null'));
      // Exact digits and exact text: the whole record as written.
      expect(rawRecord(record.raw)).toBe(want.record);
      expect(rawSqlText(record.raw)).toBe(want.sqlText);
    });
    const schema = messages.find((m) => m.type === 'SCHEMA');
    expect(schema?.stream).toBe('public-every_type');
    expect(schema?.bookmark_properties).toEqual(method === 'INCREMENTAL' ? ['id'] : []);
    // pipelinewise's time spelling has no offset, which JSON Schema's full format (RFC 3339) wants: the fast formats.
    const ajv = new Ajv({ format: 'fast', multipleOfPrecision: 6 });
    const validate = ajv.compile(schema?.schema ?? {});
    const skipped: string[] = [];
    for (const record of records) {
      // With temporal_format postgres, infinity, BC and years past 9999 are sent as PostgreSQL's text, which JSON
      // Schema's date / date-time formats cannot express; every other value validates (pipelinewise: all of them).
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
    expect(skipped).toHaveLength(temporalFormat === 'postgres' ? 9 : 0);
  });
});
