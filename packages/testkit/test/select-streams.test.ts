import { choose, selectStreams, type CatalogShape } from '@pgsinger/testkit';

const stream = (id: string): CatalogShape['streams'][number] => ({
  tap_stream_id: id,
  stream: id.split('-')[1],
  schema: { properties: { id: { type: ['integer'] }, v: { type: ['null', 'string'] } } },
  metadata: [
    { breadcrumb: [], metadata: { 'table-key-properties': ['id'], 'selected-by-default': false } },
    { breadcrumb: ['properties', 'id'], metadata: { inclusion: 'automatic' } },
    { breadcrumb: ['properties', 'v'], metadata: { inclusion: 'available', 'selected-by-default': true } },
  ],
});
const discovered: CatalogShape = { streams: [stream('public-a'), stream('public-b'), stream('public-c')] };

describe('selectStreams', () => {
  it('selects the chosen streams and every column, with method and replication key; drops the rest', () => {
    const catalog = selectStreams(discovered, {
      'public-a': { method: 'INCREMENTAL', replicationKey: 'v' },
      'public-c': { method: 'FULL_TABLE', metadata: { 'view-key-properties': ['id'] } },
    });
    expect(catalog.streams.map((s) => s.tap_stream_id)).toEqual(['public-a', 'public-c']);
    expect(catalog.streams[0].metadata[0].metadata).toEqual({
      'table-key-properties': ['id'],
      'selected-by-default': false,
      selected: true,
      'replication-method': 'INCREMENTAL',
      'replication-key': 'v',
    });
    expect(catalog.streams[1].metadata[0].metadata).toMatchObject({
      'replication-method': 'FULL_TABLE',
      'view-key-properties': ['id'],
    });
    expect(catalog.streams[1].metadata[0].metadata).not.toHaveProperty('replication-key');
    expect(catalog.streams.flatMap((s) => s.metadata.slice(1).map((m) => m.metadata.selected))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(discovered.streams[0].metadata[0].metadata).not.toHaveProperty('selected');
  });

  it('takes a function (undefined leaves a stream out) and choose() for one choice of several streams', () => {
    const byFunction = selectStreams(discovered, (id) => (id === 'public-b' ? { method: 'XMIN' } : undefined));
    expect(byFunction.streams.map((s) => s.tap_stream_id)).toEqual(['public-b']);
    const chosen = selectStreams(discovered, choose(['public-a', 'public-b'], { method: 'LOG_BASED' }));
    expect(chosen.streams.map((s) => s.metadata[0].metadata['replication-method'])).toEqual(['LOG_BASED', 'LOG_BASED']);
  });

  it('throws when discovery did not offer a chosen stream', () => {
    expect(() => selectStreams(discovered, { 'public-zz': { method: 'FULL_TABLE' } })).toThrow(
      'Discovery did not offer public-zz',
    );
  });
});
