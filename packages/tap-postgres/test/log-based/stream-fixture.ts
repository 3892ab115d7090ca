import { parseSqlType } from '../../src/discovery/sql-type';
import type { ResolvedStream } from '../../src/stream/resolved-stream';

/** A LOG_BASED stream of table public.t (id integer key, flag, big, n), as loadStreams resolves it. */
export function logBasedFixture(overrides: Partial<ResolvedStream> = {}): ResolvedStream {
  return {
    tapStreamId: 'public-t',
    entry: { tap_stream_id: 'public-t', stream: 't', schema: {}, metadata: [] },
    outputStream: 'public-t',
    schemaName: 'public',
    tableName: 't',
    relkind: 'r',
    isView: false,
    populated: true,
    method: 'LOG_BASED',
    keyProperties: ['id'],
    tableKeys: [],
    columns: [
      { name: 'id', type: parseSqlType('integer') },
      { name: 'flag', type: parseSqlType('boolean') },
      { name: 'big', type: parseSqlType('text') },
      { name: 'n', type: parseSqlType('numeric') },
    ],
    schema: { type: 'object', properties: { id: {}, flag: {}, big: {}, n: {} } },
    ...overrides,
  };
}
