import type { CatalogEntry } from '@pgsinger/singer';
import { buildCatalog } from '../../src/discovery/build-catalog';
import type { ColumnRow } from '../../src/discovery/read-columns';
import { resolveStream } from '../../src/stream/resolve-stream';

const row = (column: string, sqlDatatype: string, key: string | null, relkind = 'r'): ColumnRow => ({
  schema_name: 's',
  table_name: 't',
  relkind,
  populated: 'true',
  row_count: '0',
  column_name: column,
  sql_datatype: sqlDatatype,
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

  it('views and materialized views: no LOG_BASED; an unpopulated materialized view is marked', () => {
    const view = (relkind: string, populated: string): CatalogEntry =>
      buildCatalog([{ ...row('id', 'bigint', null, relkind), populated }], 'db').streams[0];
    const metadata = (e: CatalogEntry): Record<string, unknown> => e.metadata[0].metadata;
    expect(metadata(view('m', 'false'))).toMatchObject({ 'is-view': true, 'is-populated': false });
    expect(metadata(view('m', 'true'))).toMatchObject({ 'is-populated': true });
    expect(metadata(view('v', 'true'))['is-populated']).toBeUndefined();
    const logBased =
      (relkind: string): (() => unknown) =>
      () =>
        resolveStream({
          entry: {
            ...view(relkind, 'true'),
            metadata: [{ breadcrumb: [], metadata: { 'replication-method': 'LOG_BASED' } }],
          },
          fresh: view(relkind, 'true'),
          relkind,
        });
    expect(logBased('m')).toThrow(/is a materialized view: LOG_BASED needs a table/);
    expect(logBased('v')).toThrow(/is a view: LOG_BASED needs a table/);
    const unpopulated = resolveStream({
      entry: {
        ...view('m', 'false'),
        metadata: [{ breadcrumb: [], metadata: { 'replication-method': 'FULL_TABLE' } }],
      },
      fresh: view('m', 'false'),
      relkind: 'm',
    });
    expect(unpopulated.populated).toBe(false);
    expect(resolveStream({ entry: entry({ 'replication-method': 'FULL_TABLE' }), fresh, relkind: 'r' }).populated).toBe(
      true,
    );
  });
});
