import { systemClock } from '@pgsinger/singer';
import { validateTapConfig } from '../../src/config';
import { compileChangeSerializer } from '../../src/log-based/change-record';
import { copyInterrupted } from '../../src/sync/full-table';
import { logBasedStream } from '../../src/log-based/log-based-schema';
import { TimedReader } from '../../src/log-based/next-item';
import { temporarySlotName, wal2jsonAddTables } from '../../src/log-based/replication-setup';
import { stopReason, stopRules } from '../../src/log-based/stop-rules';
import { logBasedFixture } from './stream-fixture';

const base = { host: 'h', user: 'u', password: 'p', dbname: 'd', port: 5432 };
const config = validateTapConfig(base, { warn: () => undefined });

const stream = logBasedFixture;

describe('LOG_BASED config', () => {
  test('defaults: wal2json, break_at_end_lsn, no debug_lsn; other plugins are refused', () => {
    expect(config).toEqual(
      expect.objectContaining({ logical_decoding_plugin: 'wal2json', break_at_end_lsn: true, debug_lsn: false }),
    );
    expect(() =>
      validateTapConfig({ ...base, logical_decoding_plugin: 'decoderbufs' }, { warn: () => undefined }),
    ).toThrow(/logical_decoding_plugin/);
  });
});

describe('change records', () => {
  const serializer = compileChangeSerializer(stream(), 7, '2024-01-01T00:00:00.000Z', new Set(['ignored']));

  test('values through the FULL_TABLE converters; absent (unchanged TOAST) columns stay absent, never null', () => {
    const line = serializer.serialize({ id: '1', flag: 't', n: '12345678901234567890.5' }, { deletedAt: null });
    expect(line).toBe(
      '{"type":"RECORD","stream":"public-t","record":{"id":1,"flag":true,"n":12345678901234567890.5,"_sdc_deleted_at":null},' +
        '"version":7,"time_extracted":"2024-01-01T00:00:00.000Z"}',
    );
  });

  test('deletes carry the commit time; debug_lsn adds _sdc_lsn', () => {
    const line = serializer.serialize({ id: '2' }, { deletedAt: '2024-05-01T10:00:00.123456Z', lsn: 1234n });
    expect(JSON.parse(line)).toEqual(
      expect.objectContaining({ record: { id: 2, _sdc_deleted_at: '2024-05-01T10:00:00.123456Z', _sdc_lsn: 1234 } }),
    );
  });

  test('unknown columns are reported (new columns), ignored ones are not', () => {
    expect(serializer.unknownColumns({ id: '1', ignored: 'x' })).toBeUndefined();
    expect(serializer.unknownColumns({ id: '1', extra: 'x' })).toEqual(['extra']);
  });

  test('the SCHEMA gains _sdc_deleted_at, and _sdc_lsn with debug_lsn', () => {
    expect(Object.keys(logBasedStream(stream(), true).schema.properties as object)).toEqual([
      'id',
      'flag',
      'big',
      'n',
      '_sdc_deleted_at',
      '_sdc_lsn',
    ]);
  });
});

describe('streaming rules', () => {
  test('break_at_end_lsn stops only between transactions once the start WAL position is reached', () => {
    const rules = stopRules(config, 0, 100n);
    const at = { nowMs: 1, lastChangeMs: 0, caughtUp: 100n, inTransaction: false };
    expect(stopReason(rules, at)).toMatch(/break_at_end_lsn/);
    expect(stopReason(rules, { ...at, inTransaction: true })).toBeUndefined();
    expect(stopReason(rules, { ...at, caughtUp: 99n })).toBeUndefined();
    expect(stopReason(stopRules({ ...config, break_at_end_lsn: false }, 0, 100n), at)).toBeUndefined();
  });

  test('max_run_seconds and logical_poll_total_seconds', () => {
    const rules = stopRules({ ...config, max_run_seconds: 2, logical_poll_total_seconds: 1 }, 0, 100n);
    const at = { nowMs: 500, lastChangeMs: 0, caughtUp: 0n, inTransaction: true };
    expect(stopReason(rules, at)).toBeUndefined();
    expect(stopReason(rules, { ...at, nowMs: 1000 })).toMatch(/logical_poll_total_seconds/);
    expect(stopReason(rules, { ...at, nowMs: 2000, lastChangeMs: 1999 })).toMatch(/max_run_seconds/);
  });

  test('wal2json add-tables: plain tables by name, partitioned tables by their whole schema', () => {
    expect(wal2jsonAddTables([stream(), stream({ schemaName: 'sales', tableName: 'orders', relkind: 'p' })])).toBe(
      'public.t,sales.*',
    );
  });

  test('temporary slot names fit in 63 bytes', () => {
    expect(temporarySlotName('x'.repeat(63), Date.now()).length).toBeLessThanOrEqual(63);
  });

  test('an interrupted initial copy is one with a resume point', () => {
    expect(copyInterrupted({ bookmarks: { a: { lsn: 1, last_pk_fetched: { id: '3' } } } }, 'a')).toBe(true);
    expect(copyInterrupted({ bookmarks: { a: { lsn: 1, xmin: 55 } } }, 'a')).toBe(true);
    expect(copyInterrupted({ bookmarks: { a: { lsn: 1, version: 1 } } }, 'a')).toBe(false);
  });

  test('a timed read keeps the item that arrives after the time limit', async () => {
    async function* slow(): AsyncGenerator<number> {
      await new Promise((resolve) => setTimeout(resolve, 50));
      yield 1;
      yield 2;
    }
    const reader = new TimedReader(slow(), systemClock);
    expect(await reader.next(1)).toBe('timeout');
    expect(await reader.next(1000)).toEqual({ value: 1, done: false });
    expect(await reader.next(1000)).toEqual({ value: 2, done: false });
  });
});
