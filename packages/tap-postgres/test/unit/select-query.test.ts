import { rangeQuery } from '../../src/partition/range-query';
import { incrementalQuery } from '../../src/sync/incremental-query';
import { fullTableQuery, relationRead, xminQuery } from '../../src/sync/select-query';
import { xminWindow } from '../../src/sync/xmin-window';
import { resetOnReplicationChange } from '../../src/stream/reset-on-replication-change';
import { orderStreams } from '../../src/coordinator';
import type { ResolvedStream } from '../../src/stream/resolved-stream';

const read = { schema: 'my "schema"', table: 'T', columns: ['a', 'b"c'], only: false };

describe('select queries', () => {
  it('FULL_TABLE without keys reads the relation', () => {
    expect(fullTableQuery(read)).toEqual({ text: 'SELECT "a", "b""c" FROM "my ""schema"""."T"', values: [] });
  });

  it('a plain table is read with ONLY (an inheritance parent without its children), in every method', () => {
    const only = { ...read, only: true };
    const key = { name: 'at', sqlDatatype: 'date' };
    const range = rangeQuery({ ...only, keys: [key], range: { from: ['2024-01-01'] } });
    for (const query of [
      fullTableQuery(only),
      incrementalQuery({ ...only, key, tieBreakers: [] }),
      xminQuery(only),
      range,
    ])
      expect(query.text).toMatch(/ FROM ONLY "my ""schema"""\."T"/);
    const stream = (relkind: string): ResolvedStream =>
      ({ schemaName: 's', tableName: 't', relkind, columns: [{ name: 'c' }] }) as unknown as ResolvedStream;
    expect(['r', 'p', 'v', 'm'].map((relkind) => relationRead(stream(relkind)).only)).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });

  it('FULL_TABLE with keys orders by them and resumes after the last key as parameters', () => {
    const keys = [
      { name: 'k1', sqlDatatype: 'bigint' },
      { name: 'k2', sqlDatatype: 'text' },
    ];
    expect(fullTableQuery({ ...read, keys, after: ['5', "x'y"] })).toEqual({
      text: 'SELECT "a", "b""c" FROM "my ""schema"""."T" WHERE ("k1", "k2") > ($1::bigint, $2::text) ORDER BY "k1", "k2"',
      values: ['5', "x'y"],
    });
  });

  it('XMIN reads a window of transactions modulo 2^32', () => {
    expect(xminQuery({ ...read, window: { since32: '10', span: '5' } }).values).toEqual(['10', '5']);
    expect(xminQuery(read).values).toEqual([]);
  });
});

describe('xminWindow', () => {
  it('spans from the bookmark to the snapshot xmax, across a 32-bit wraparound', () => {
    expect(xminWindow(4294967290, '4294967300')).toEqual({ since32: '4294967290', span: '10' });
    expect(xminWindow('8589934593', '8589934600')).toEqual({ since32: '1', span: '7' });
  });

  it('reads everything on a first run, a bad bookmark or after 2^31 transactions', () => {
    expect(xminWindow(undefined, '100')).toBeUndefined();
    expect(xminWindow('abc', '100')).toBeUndefined();
    expect(xminWindow(1, String(2 ** 31 + 1))).toBeUndefined();
    expect(xminWindow(200, '100')).toBeUndefined();
  });
});

describe('resetOnReplicationChange', () => {
  const state = {
    bookmarks: {
      s: { last_replication_method: 'INCREMENTAL', replication_key: 'a', replication_key_value: 3, version: 1 },
    },
  };

  it('keeps the bookmark when nothing changed', () => {
    expect(resetOnReplicationChange(state, 's', 'INCREMENTAL', 'a')).toEqual(state);
  });

  it('drops it when the method or the key changed', () => {
    expect(resetOnReplicationChange(state, 's', 'FULL_TABLE', undefined).bookmarks.s).toEqual({
      last_replication_method: 'FULL_TABLE',
    });
    expect(resetOnReplicationChange(state, 's', 'INCREMENTAL', 'b').bookmarks.s).toEqual({
      last_replication_method: 'INCREMENTAL',
    });
  });
});

describe('orderStreams', () => {
  it('puts currently_syncing first, then sorts by tap_stream_id', () => {
    const streams = ['b', 'c', 'a'].map((tapStreamId) => ({ tapStreamId }) as ResolvedStream);
    expect(orderStreams(streams, 'c').map((s) => s.tapStreamId)).toEqual(['c', 'a', 'b']);
  });
});
