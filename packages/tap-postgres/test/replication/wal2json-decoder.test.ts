import { escapeWal2jsonName, parseLsn, Wal2jsonDecoder, wal2jsonOptions } from '../../src/replication';

// Captured from wal2json 2.5 on PostgreSQL 15 (format-version 2, include-timestamp, include-lsn, include-types 0).
const FIXTURES = {
  begin: '{"action":"B","timestamp":"2026-11-21 03:26:55.737498+00","lsn":"0/15060D0","nextlsn":"0/1506100"}',
  insert:
    '{"action":"I","timestamp":"2026-11-21 03:26:55.737498+00","lsn":"0/1505F00","schema":"public","table":"t",' +
    '"columns":[{"name":"id","value":1},{"name":"n","value":1.50},{"name":"big","value":9007199254740993},' +
    '{"name":"b","value":true},{"name":"j","value":"{\\"a\\": 1}"},{"name":"txt","value":"a\\"b\\\\c"},' +
    '{"name":"neg","value":-1.5e-7},{"name":"nan","value":null},{"name":"f","value":false}]}',
  commit: '{"action":"C","timestamp":"2026-11-21 03:26:55.737498+00","lsn":"0/15060D0","nextlsn":"0/1506100"}',
  update:
    '{"action":"U","timestamp":"2026-11-21 03:26:55.764105+00","lsn":"0/1525C68","schema":"public","table":"big",' +
    '"columns":[{"name":"id","value":2}],"identity":[{"name":"id","value":1}]}',
  delete:
    '{"action":"D","timestamp":"2026-11-21 03:26:55.740579+00","lsn":"0/1506258","schema":"public","table":"t",' +
    '"identity":[{"name":"id","value":1}]}',
  truncate: '{"action":"T","timestamp":"2026-11-21 03:26:55.74497+00","lsn":"0/1506F28","schema":"public","table":"t"}',
  message:
    '{"action":"M","timestamp":"2026-11-21 03:26:55.740962+00","lsn":"0/15063A8","transactional":true,' +
    '"prefix":"pgsinger_heartbeat","content":"x"}',
  trickyText:
    '{"action":"I","timestamp":"2026-11-21 03:26:55.737498+00","lsn":"0/1505F00","schema":"public","table":"t",' +
    '"columns":[{"name":"value","value":"\\"value\\":123456789012345678901"},{"name":"n","value":123456789012345678901}]}',
};
const AT = parseLsn('0/1505F00');
const decode = (text: string) => new Wal2jsonDecoder().decode(Buffer.from(text), AT);

describe('wal2json decoder', () => {
  test('numbers keep their exact text; booleans become t/f; other values stay as printed', () => {
    expect(decode(FIXTURES.insert)).toEqual({
      kind: 'insert',
      lsn: AT,
      schema: 'public',
      table: 't',
      commitTime: '2026-11-21T03:26:55.737498+00:00',
      columns: {
        id: '1',
        n: '1.50',
        big: '9007199254740993',
        b: 't',
        j: '{"a": 1}',
        txt: 'a"b\\c',
        neg: '-1.5e-7',
        nan: null,
        f: 'f',
      },
    });
  });

  test('a string that looks like a number value is left alone', () => {
    expect(decode(FIXTURES.trickyText)).toMatchObject({
      columns: { value: '"value":123456789012345678901', n: '123456789012345678901' },
    });
  });

  test('begin and commit carry the commit LSN (lsn), the end LSN (nextlsn) and the commit time', () => {
    expect(decode(FIXTURES.begin)).toEqual({
      kind: 'begin',
      lsn: AT,
      commitLsn: parseLsn('0/15060D0'),
      endLsn: parseLsn('0/1506100'),
      commitTime: '2026-11-21T03:26:55.737498+00:00',
    });
    expect(decode(FIXTURES.commit)).toMatchObject({
      kind: 'commit',
      commitLsn: parseLsn('0/15060D0'),
      endLsn: parseLsn('0/1506100'),
    });
  });

  test('update (absent TOAST column stays absent), delete with identity and commit time, truncate, message', () => {
    const update = decode(FIXTURES.update);
    expect(update).toMatchObject({ kind: 'update', table: 'big', columns: { id: '2' }, key: { id: '1' } });
    expect(update && 'columns' in update && Object.keys(update.columns)).toEqual(['id']);
    expect(decode(FIXTURES.delete)).toEqual({
      kind: 'delete',
      lsn: AT,
      schema: 'public',
      table: 't',
      commitTime: '2026-11-21T03:26:55.740579+00:00',
      key: { id: '1' },
    });
    expect(decode(FIXTURES.truncate)).toMatchObject({ kind: 'truncate', tables: [{ schema: 'public', table: 't' }] });
    expect(decode(FIXTURES.message)).toEqual({
      kind: 'message',
      lsn: AT,
      transactional: true,
      prefix: 'pgsinger_heartbeat',
      content: 'x',
    });
  });

  test('errors name what is missing', () => {
    expect(() => decode('{"action":"C","timestamp":"2026-11-21 03:26:55+00"}')).toThrow('"lsn"');
    expect(() => decode('{"action":"Z"}')).toThrow('Unknown wal2json action');
  });

  test('options: format-version 2, escaped add-tables, our message prefix', () => {
    expect(escapeWal2jsonName("a b,c.d*e'f\\g")).toBe("a\\ b\\,c\\.d\\*e\\'f\\\\g");
    expect(
      wal2jsonOptions([
        { schema: 'public', table: 'Foo bar' },
        { schema: 's.1', table: 't' },
      ]),
    ).toEqual({
      'format-version': '2',
      'include-transaction': 'true',
      'include-timestamp': 'true',
      'include-lsn': 'true',
      'include-types': 'false',
      'include-type-oids': 'true',
      'add-tables': 'public.Foo\\ bar,s\\.1.t',
      'add-msg-prefixes': 'pgsinger_heartbeat',
    });
    expect(() => wal2jsonOptions([])).toThrow();
  });

  test('log-based-wal2json bytea: hex without \\x gets its prefix back (only for type OID 17)', () => {
    const change = new Wal2jsonDecoder().decodeText(
      '{"action":"I","timestamp":"2026-11-21 03:26:55+00","schema":"s","table":"t","columns":[' +
        '{"name":"b","typeoid":17,"value":"010200ff"},{"name":"e","typeoid":17,"value":""},' +
        '{"name":"n","typeoid":17,"value":null},{"name":"d","typeoid":16384,"value":"\\\\x01"},' +
        '{"name":"a","typeoid":1001,"value":"{\\"\\\\\\\\x01\\"}"},{"name":"f","typeoid":16,"value":false}]}',
      parseLsn('0/1'),
    );
    expect(change).toMatchObject({
      kind: 'insert',
      columns: { b: '\\x010200ff', e: '\\x', n: null, d: '\\x01', a: '{"\\\\x01"}', f: 'f' },
    });
  });
});
