import { buildCatalog } from '../../src/discovery/build-catalog';
import { columnSchema } from '../../src/discovery/column-schema';
import type { ColumnRow } from '../../src/discovery/read-columns';
import { parseSqlType } from '../../src/discovery/sql-type';

describe('parseSqlType', () => {
  it.each([
    ['numeric(12,2)', { base: 'numeric', kind: 'numeric', precision: 12, scale: 2, isArray: false }],
    ['timestamp(3) with time zone[]', { base: 'timestamp with time zone', kind: 'timestamptz', isArray: true }],
    ['character varying(64)', { base: 'character varying', kind: 'string', length: 64 }],
    ['ext.hstore', { kind: 'hstore' }],
    ['box[]', { delimiter: ';', isArray: true }],
    ['"My Enum"', { kind: 'string' }],
  ])('%s', (text, expected) => {
    expect(parseSqlType(text)).toMatchObject(expected);
  });
});

describe('columnSchema', () => {
  it('maps numbers with bounds and multipleOf, keys without null', () => {
    expect(columnSchema(parseSqlType('smallint'), { isKey: true })).toEqual({
      type: ['integer'],
      minimum: -32768,
      maximum: 32767,
      'x-sql-datatype': 'smallint',
    });
    expect(columnSchema(parseSqlType('numeric(12,2)'), { isKey: false })).toEqual({
      type: ['null', 'number'],
      multipleOf: 0.01,
      'x-sql-datatype': 'numeric(12,2)',
    });
  });

  it('maps arrays to pipelinewise recursive definitions', () => {
    expect(columnSchema(parseSqlType('date[]'), { isKey: false })).toEqual({
      type: ['null', 'array'],
      items: { $ref: '#/definitions/sdc_recursive_date_array' },
      'x-sql-datatype': 'date[]',
    });
  });
});

describe('buildCatalog', () => {
  const row = (column: string, sqlDatatype: string, key: string | null): ColumnRow => ({
    schema_name: 's',
    table_name: 't',
    relkind: 'r',
    populated: 'true',
    row_count: '3',
    column_name: column,
    sql_datatype: sqlDatatype,
    key_position: key,
    key_count: '2',
  });

  it('writes entries as pipelinewise does, keys in key order, definitions only when used', () => {
    const catalog = buildCatalog([row('a', 'integer[]', null), row('b', 'text', '2'), row('c', 'bigint', '1')], 'db');
    const entry = catalog.streams[0];
    expect(entry).toMatchObject({ tap_stream_id: 's-t', stream: 't', table_name: 't' });
    expect(entry.metadata[0].metadata['table-key-properties']).toEqual(['c', 'b']);
    expect(Object.keys((entry.schema as { definitions: object }).definitions)).toEqual(['sdc_recursive_integer_array']);
    expect(entry.metadata[1]).toEqual({
      breadcrumb: ['properties', 'a'],
      metadata: { 'sql-datatype': 'integer[]', inclusion: 'available', 'selected-by-default': true },
    });
  });
});
