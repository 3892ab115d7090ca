import {
  encodeStandbyStatusUpdate,
  parseLsn,
  parseReplicationFrame,
  PG_EPOCH_MS,
  STANDBY_STATUS_UPDATE_BYTES,
} from '../../src/replication';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('replication frames', () => {
  test('XLogData: header fields and the payload as a view (no copy)', () => {
    const chunk = hex(`77 0000000001505F00 0000000001525D40 0002C0F0E1D2C3B4 7b7d`);
    const frame = parseReplicationFrame(chunk);
    expect(frame).toEqual({
      kind: 'xlogdata',
      walStart: parseLsn('0/1505F00'),
      walEnd: parseLsn('0/1525D40'),
      serverTime: 0x0002c0f0e1d2c3b4n,
      payload: Buffer.from('{}'),
    });
    if (frame.kind !== 'xlogdata') throw new Error('kind');
    expect(frame.payload.buffer).toBe(chunk.buffer);
    expect(frame.payload.byteOffset).toBe(chunk.byteOffset + 25);
  });

  test('primary keepalive with and without a reply request', () => {
    expect(parseReplicationFrame(hex(`6b 0000000001525D40 0000000000000001 01`))).toEqual({
      kind: 'keepalive',
      walEnd: parseLsn('0/1525D40'),
      serverTime: 1n,
      replyRequested: true,
    });
    expect(parseReplicationFrame(hex(`6b 0000000001525D40 0000000000000001 00`))).toMatchObject({
      replyRequested: false,
    });
  });

  test('rejects unknown and truncated frames', () => {
    expect(() => parseReplicationFrame(hex('7a00'))).toThrow('0x7a');
    expect(() => parseReplicationFrame(hex('77 00'))).toThrow('Truncated');
    expect(() => parseReplicationFrame(hex('6b 00'))).toThrow('Truncated');
    expect(() => parseReplicationFrame(Buffer.alloc(0))).toThrow('Unknown');
  });

  test('standby status update: 34 bytes, the exact confirmed LSN three times (never +1)', () => {
    const lsn = parseLsn('16/B374D848');
    const frame = encodeStandbyStatusUpdate(lsn, { nowMs: PG_EPOCH_MS + 1500, replyRequested: false });
    expect(frame).toHaveLength(STANDBY_STATUS_UPDATE_BYTES);
    expect(frame.toString('hex')).toBe(
      ['72', '00000016b374d848', '00000016b374d848', '00000016b374d848', '000000000016e360', '00'].join(''),
    );
    expect(encodeStandbyStatusUpdate(0n, { nowMs: PG_EPOCH_MS, replyRequested: true })[33]).toBe(1);
  });
});
