import type { CatalogEntry } from '@pgsinger/singer';
import { buildCatalog } from '../../src/discovery/build-catalog';
import type { ColumnRow } from '../../src/discovery/read-columns';
import { resolveStream } from '../../src/stream/resolve-stream';

const row = (column: string, sqlDatatype: string, key: string | null, relkind = 'r'): ColumnRow => ({
  schema_name: 's',
  table_name: 't',
  relkind,
  row_count: '0',
  column_name: column,
  sql_datatype: sqlDatatype,
  array_delimiter: null,
  key_position: key,
  key_count: '1',
});
const fresh = buildCatalog([row('id', 'bigint', '1'), row('b', 'text', null), row('a', 'date', null)], 'db').streams[0];

function entry(root: Record<string, unknown>, columns: Record<string, Record<string, unknown>> = {}): CatalogEntry {
  return {
    ...fresh,
    stream: 'renamed',
    metadata: [
      { breadcrumb: [], metadata: { ...fresh.metadata[0].metadata, selected: true, ...root } },
      ...Object.entries(columns).map(([name, metadata]) => ({ breadcrumb: ['properties', name], metadata })),
    ],
  };
}

describe('resolveStream', () => {
  it('selects columns by name order, forces key columns, names the output stream <schema>-<stream>', () => {
    const stream = resolveStream({
      entry: entry({ 'replication-method': 'FULL_TABLE' }, { id: { selected: false }, b: { selected: false } }),
      fresh,
      relkind: 'r',
    });
    expect(stream.columns.map((c) => c.name)).toEqual(['a', 'id']);
    expect(stream.outputStream).toBe('s-renamed');
    expect(stream.tableKeys).toEqual([{ name: 'id', sqlDatatype: 'bigint' }]);
    expect(Object.keys(stream.schema.properties as object)).toEqual(['a', 'id']);
  });

  it('takes the default method, and rejects a missing method or replication key', () => {
    expect(resolveStream({ entry: entry({}), fresh, relkind: 'r', defaultMethod: 'XMIN' }).method).toBe('XMIN');
    expect(() => resolveStream({ entry: entry({}), fresh, relkind: 'r' })).toThrow(/has no replication-method/);
    expect(() => resolveStream({ entry: entry({ 'replication-method': 'SOMETIMES' }), fresh, relkind: 'r' })).toThrow(
      /unknown replication-method "SOMETIMES"/,
    );
    expect(() => resolveStream({ entry: entry({ 'replication-method': 'INCREMENTAL' }), fresh, relkind: 'r' })).toThrow(
      /has no replication-key/,
    );
    expect(() =>
      resolveStream({
        entry: entry({ 'replication-method': 'INCREMENTAL', 'replication-key': 'nope' }),
        fresh,
        relkind: 'r',
      }),
    ).toThrow(/replication-key "nope" is not a column/);
  });

  it('forces the replication key in even when deselected', () => {
    const stream = resolveStream({
      entry: entry({ 'replication-method': 'INCREMENTAL', 'replication-key': 'a' }, { a: { selected: false } }),
      fresh,
      relkind: 'r',
    });
    expect(stream.columns.map((c) => c.name)).toContain('a');
    expect(stream.replicationKey).toBe('a');
  });

  it('gives up keyset resume when the key is only partly visible', () => {
    const stream = resolveStream({
      entry: entry({ 'replication-method': 'FULL_TABLE' }),
      fresh,
      relkind: 'r',
      keyComplete: false,
    });
    expect(stream.tableKeys).toEqual([]);
    expect(stream.keyProperties).toEqual(['id']);
  });
});
