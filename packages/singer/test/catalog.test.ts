import {
  CatalogError,
  isPropertySelected,
  isStreamSelected,
  metadataFor,
  parseCatalog,
  readCatalogFile,
  replicationKeyOf,
  replicationMethodOf,
  selectedProperties,
  streamMetadata,
  type CatalogEntry,
  type Metadata,
} from '../src';
import { tempFiles } from './tmp-files';

const entry = (extra: Partial<CatalogEntry> = {}, properties: Record<string, Metadata> = {}): CatalogEntry => ({
  tap_stream_id: 'public-users',
  stream: 'users',
  table_name: 'users',
  schema: { type: 'object', properties: { id: {}, name: {}, secret: {}, extra: {}, legacy: {} } },
  metadata: [
    { breadcrumb: [], metadata: { selected: true, 'replication-method': 'INCREMENTAL', 'replication-key': 'id' } },
    ...Object.entries(properties).map(([name, metadata]) => ({ breadcrumb: ['properties', name], metadata })),
  ],
  ...extra,
});

describe('catalog selection', () => {
  const users = entry(
    {},
    {
      id: { inclusion: 'automatic', selected: false },
      name: { inclusion: 'available', selected: true },
      secret: { inclusion: 'unsupported', selected: true },
      extra: { inclusion: 'available', 'selected-by-default': false },
      legacy: { inclusion: 'available', 'selected-by-default': true },
    },
  );

  test('metadata by breadcrumb', () => {
    expect(streamMetadata(users).selected).toBe(true);
    expect(metadataFor(users, ['properties', 'name'])).toEqual({ inclusion: 'available', selected: true });
    expect(metadataFor(users, ['properties', 'nothing'])).toEqual({});
  });

  test('stream selected only when selected is true (metadata, or the older entry flag)', () => {
    expect(isStreamSelected(users)).toBe(true);
    expect(isStreamSelected(entry({ metadata: [] }))).toBe(false);
    expect(isStreamSelected(entry({ metadata: [], selected: true }))).toBe(true);
    expect(
      isStreamSelected(entry({ metadata: [{ breadcrumb: [], metadata: { selected: false } }], selected: true })),
    ).toBe(false);
  });

  test('property rules: automatic, selected, selected-by-default, unsupported never', () => {
    expect(isPropertySelected(users, 'id')).toBe(true);
    expect(isPropertySelected(users, 'name')).toBe(true);
    expect(isPropertySelected(users, 'secret')).toBe(false);
    expect(isPropertySelected(users, 'extra')).toBe(false);
    expect(isPropertySelected(users, 'legacy')).toBe(true);
    expect(selectedProperties(users)).toEqual(['id', 'name', 'legacy']);
  });

  test('explicit selected false wins over selected-by-default', () => {
    const e = entry({}, { name: { selected: false, 'selected-by-default': true } });
    expect(isPropertySelected(e, 'name')).toBe(false);
  });

  test('replication method and key from metadata, else Meltano stream-level keys', () => {
    expect(replicationMethodOf(users)).toBe('INCREMENTAL');
    expect(replicationKeyOf(users)).toBe('id');
    const meltano = entry({ metadata: [], replication_method: 'LOG_BASED', replication_key: 'updated_at' });
    expect(replicationMethodOf(meltano)).toBe('LOG_BASED');
    expect(replicationKeyOf(meltano)).toBe('updated_at');
    expect(replicationMethodOf(entry({ metadata: [] }))).toBeUndefined();
  });
});

describe('reading catalogs', () => {
  test('reads --catalog and --properties files and fills tap_stream_id from stream', () => {
    const { good } = tempFiles({ good: JSON.stringify({ streams: [{ stream: 'users', schema: {} }] }) });
    expect(readCatalogFile(good, '--properties').streams[0]).toEqual({
      tap_stream_id: 'users',
      stream: 'users',
      schema: {},
      metadata: [],
    });
    expect(readCatalogFile(good).streams).toHaveLength(1);
  });

  test.each([
    ['missing', undefined, /^--catalog .*missing: file not found$/],
    ['bad.json', '{', /^--catalog .*bad\.json: not valid JSON/],
    ['list.json', '[]', /a catalog must be an object with a "streams" array/],
    ['noschema.json', '{"streams":[{"tap_stream_id":"a"}]}', /streams\[0\] \(a\) has no "schema" object/],
    ['meta.json', '{"streams":[{"tap_stream_id":"a","schema":{},"metadata":[{}]}]}', /metadata\[0\] must be/],
  ])('%s fails clearly', (name, text, pattern) => {
    const files = text === undefined ? { other: '' } : tempFiles({ [name]: text });
    const path = files[name] ?? `${files.other}-${name}`;
    expect(() => readCatalogFile(path)).toThrow(pattern);
    expect(() => readCatalogFile(path)).toThrow(CatalogError);
  });

  test('parseCatalog names its source', () => {
    expect(() => parseCatalog({ streams: [1] }, 'meltano catalog')).toThrow(
      /^meltano catalog: streams\[0\] must be an object/,
    );
  });
});
