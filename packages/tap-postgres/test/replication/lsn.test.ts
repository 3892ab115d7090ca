import {
  compareLsn,
  formatLsn,
  lsnFromBookmark,
  lsnToBookmark,
  parseLsn,
  pgMicrosToIso,
  replicationSlotCandidates,
  replicationSlotName,
  startReplicationCommand,
  timestamptzTextToIso,
} from '../../src/replication';

describe('lsn', () => {
  test('parses and formats X/Y both ways', () => {
    expect(parseLsn('0/0')).toBe(0n);
    expect(parseLsn('16/B374D848')).toBe(0x16b374d848n);
    expect(parseLsn('16/b374d848')).toBe(0x16b374d848n);
    expect(formatLsn(0x16b374d848n)).toBe('16/B374D848');
    expect(formatLsn(parseLsn('FFFFFFFF/FFFFFFFF'))).toBe('FFFFFFFF/FFFFFFFF');
    expect(() => parseLsn('16B374D848')).toThrow('X/Y');
    expect(() => parseLsn('1/2/3')).toThrow();
  });

  test('compares', () => {
    expect([parseLsn('1/0'), parseLsn('0/FFFFFFFF'), parseLsn('0/1')].sort(compareLsn).map(formatLsn)).toEqual([
      '0/1',
      '0/FFFFFFFF',
      '1/0',
    ]);
  });

  test('bookmarks are pipelinewise integers; FastSync integers, digit strings and X/Y are accepted', () => {
    expect(lsnToBookmark(parseLsn('16/B374D848'))).toBe(97500059720);
    expect(lsnFromBookmark(97500059720)).toBe(0x16b374d848n);
    expect(lsnFromBookmark('97500059720')).toBe(0x16b374d848n);
    expect(lsnFromBookmark('16/B374D848')).toBe(0x16b374d848n);
    expect(lsnFromBookmark(undefined)).toBeUndefined();
    expect(lsnFromBookmark(null)).toBeUndefined();
    expect(() => lsnFromBookmark(1.5)).toThrow();
    expect(() => lsnFromBookmark({})).toThrow();
    expect(() => lsnToBookmark(1n << 60n)).toThrow('2^53');
  });
});

describe('time', () => {
  test('protocol microseconds since 2000 to ISO', () => {
    expect(pgMicrosToIso(0n)).toBe('2000-01-01T00:00:00.000000+00:00');
    expect(pgMicrosToIso(1n)).toBe('2000-01-01T00:00:00.000001+00:00');
    expect(pgMicrosToIso(-1n)).toBe('1999-12-31T23:59:59.999999+00:00');
    expect(pgMicrosToIso(774_408_245_123_456n)).toBe('2024-07-16T01:24:05.123456+00:00');
  });

  test('timestamptz text as wal2json prints it to ISO in UTC', () => {
    expect(timestamptzTextToIso('2026-11-21 03:26:55.74036+00')).toBe('2026-11-21T03:26:55.740360+00:00');
    expect(timestamptzTextToIso('2026-11-21 03:26:55+00')).toBe('2026-11-21T03:26:55.000000+00:00');
    expect(timestamptzTextToIso('2026-11-21 05:56:55.1+02:30')).toBe('2026-11-21T03:26:55.100000+00:00');
    expect(timestamptzTextToIso('2026-11-20 22:26:55.000001-05')).toBe('2026-11-21T03:26:55.000001+00:00');
    expect(() => timestamptzTextToIso('yesterday')).toThrow();
  });
});

describe('slot names', () => {
  test('as pipelinewise: pipelinewise_<dbname>[_<tap_id>], lower-cased, others → _', () => {
    expect(replicationSlotName('Sales-DB')).toBe('pipelinewise_sales_db');
    expect(replicationSlotName('sales', 'My Tap.1')).toBe('pipelinewise_sales_my_tap_1');
    expect(replicationSlotName('sales', null)).toBe('pipelinewise_sales');
    expect(replicationSlotName('sales', '')).toBe('pipelinewise_sales');
    expect(replicationSlotCandidates('sales', 'tap')).toEqual(['pipelinewise_sales', 'pipelinewise_sales_tap']);
    expect(replicationSlotCandidates('sales')).toEqual(['pipelinewise_sales']);
  });
});

describe('START_REPLICATION', () => {
  test('quotes the slot and options; backslashes stay literal (the replication grammar has no E strings)', () => {
    expect(startReplicationCommand('s', parseLsn('0/16B3748'), { 'add-tables': "public.a\\ b,o'k.t" })).toBe(
      `START_REPLICATION SLOT "s" LOGICAL 0/16B3748 ("add-tables" 'public.a\\ b,o''k.t')`,
    );
    expect(startReplicationCommand('s', 0n, {})).toBe('START_REPLICATION SLOT "s" LOGICAL 0/0');
  });
});
