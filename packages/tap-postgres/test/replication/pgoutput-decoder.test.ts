import { parseLsn, PgoutputDecoder, pgMicrosToIso, pgoutputOptions } from '../../src/replication';

// Captured from PostgreSQL 15 (pg_logical_slot_peek_binary_changes, proto_version 1, messages true) for
// CREATE TABLE fx (id int PRIMARY KEY, note text, body text) with body SET STORAGE EXTERNAL.
const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const FIXTURES = {
  begin: hex('42 000000000154bb08 000303bfdc4e36a8 000002ed'),
  relation: hex(
    '52 00004017 7075626c696300 667800 64 0003 01 696400 00000017 ffffffff 00 6e6f746500 00000019 ffffffff' +
      ' 00 626f647900 00000019 ffffffff',
  ),
  insert: hex(`49 00004017 4e 0003 74 00000001 31 74 00000006 68c3a96c6c6f 74 00000bb8 ${'7a'.repeat(3000)}`),
  commit: hex('43 00 000000000154bb08 000000000154bb38 000303bfdc4e36a8'),
  updateToastUnchanged: hex('55 00004017 4e 0003 74 00000001 31 6e 75'),
  updateKey: hex('55 00004017 4b 0003 74 00000001 31 6e 6e 4e 0003 74 00000001 32 6e 75'),
  delete: hex('44 00004017 4b 0003 74 00000001 32 6e 6e'),
  truncate: hex('54 00000001 00 00004017'),
  message: hex('4d 01 000000000154ca88 706773696e6765725f68656172746265617400 00000004 62656174'),
};
const AT = parseLsn('0/154BA10');

function decoderWithRelation(): PgoutputDecoder {
  const decoder = new PgoutputDecoder();
  expect(decoder.decode(FIXTURES.relation, AT)).toBeUndefined();
  decoder.decode(FIXTURES.begin, AT);
  return decoder;
}

describe('pgoutput decoder', () => {
  test('Begin and Commit: commit LSN, end LSN, commit time, xid', () => {
    const decoder = new PgoutputDecoder();
    const commitTime = pgMicrosToIso(0x000303bfdc4e36a8n);
    expect(decoder.decode(FIXTURES.begin, AT)).toEqual({
      kind: 'begin',
      lsn: AT,
      commitLsn: parseLsn('0/154BB08'),
      commitTime,
      xid: 0x2ed,
    });
    expect(decoder.decode(FIXTURES.commit, parseLsn('0/154BB38'))).toEqual({
      kind: 'commit',
      lsn: parseLsn('0/154BB38'),
      commitLsn: parseLsn('0/154BB08'),
      endLsn: parseLsn('0/154BB38'),
      commitTime,
    });
  });

  test('Relation fills the cache: names, type OIDs, key flags, replica identity', () => {
    const decoder = decoderWithRelation();
    expect(decoder.relations.get(0x4017)).toEqual({
      id: 0x4017,
      schema: 'public',
      table: 'fx',
      replicaIdentity: 'd',
      columns: [
        { name: 'id', isKey: true, typeOid: 23, typeModifier: -1 },
        { name: 'note', isKey: false, typeOid: 25, typeModifier: -1 },
        { name: 'body', isKey: false, typeOid: 25, typeModifier: -1 },
      ],
    });
  });

  test('Insert: text values (UTF-8), with the transaction commit time', () => {
    const change = decoderWithRelation().decode(FIXTURES.insert, AT);
    expect(change).toMatchObject({ kind: 'insert', schema: 'public', table: 'fx', lsn: AT });
    expect(change).toHaveProperty('commitTime', pgMicrosToIso(0x000303bfdc4e36a8n));
    expect(change).toHaveProperty('columns', { id: '1', note: 'héllo', body: 'z'.repeat(3000) });
  });

  test('Update: null stays null, unchanged TOAST is absent (never null)', () => {
    const change = decoderWithRelation().decode(FIXTURES.updateToastUnchanged, AT);
    expect(change).toMatchObject({ kind: 'update', columns: { id: '1', note: null } });
    expect(change && 'columns' in change && Object.keys(change.columns)).toEqual(['id', 'note']);
    expect(change).not.toHaveProperty('key');
  });

  test('Update of the key: the old key tuple holds only key columns', () => {
    expect(decoderWithRelation().decode(FIXTURES.updateKey, AT)).toMatchObject({
      kind: 'update',
      key: { id: '1' },
      columns: { id: '2', note: null },
    });
  });

  test('Delete carries the key', () => {
    expect(decoderWithRelation().decode(FIXTURES.delete, AT)).toMatchObject({
      kind: 'delete',
      schema: 'public',
      table: 'fx',
      key: { id: '2' },
    });
  });

  test('Truncate names its relations and options', () => {
    expect(decoderWithRelation().decode(FIXTURES.truncate, AT)).toMatchObject({
      kind: 'truncate',
      tables: [{ schema: 'public', table: 'fx' }],
      cascade: false,
      restartIdentity: false,
    });
  });

  test('Message: transactional flag, prefix, content, its own LSN', () => {
    expect(new PgoutputDecoder().decode(FIXTURES.message, AT)).toEqual({
      kind: 'message',
      lsn: parseLsn('0/154CA88'),
      transactional: true,
      prefix: 'pgsinger_heartbeat',
      content: 'beat',
    });
  });

  test('Type and Origin update the caches', () => {
    const decoder = new PgoutputDecoder();
    expect(decoder.decode(hex('59 00004000 7075626300 6d6f6f6400'), AT)).toBeUndefined();
    expect(decoder.types.get(0x4000)).toEqual({ oid: 0x4000, schema: 'pubc', name: 'mood' });
    expect(decoder.decode(hex('4f 0000000000000001 6f7269676900'), AT)).toBeUndefined();
    expect(decoder.origin).toBe('origi');
  });

  test('errors: unknown relation, truncated message, binary values, unknown type', () => {
    expect(() => new PgoutputDecoder().decode(FIXTURES.insert, AT)).toThrow('before its Relation');
    expect(() => decoderWithRelation().decode(FIXTURES.insert.subarray(0, 20), AT)).toThrow('truncated');
    expect(() => decoderWithRelation().decode(hex('49 00004017 4e 0001 62 00000001 31'), AT)).toThrow('binary');
    expect(() => new PgoutputDecoder().decode(hex('7a'), AT)).toThrow('unknown message type');
  });

  test('options: proto_version 1, quoted publication names, messages', () => {
    expect(pgoutputOptions(['pub', 'My "Pub"'])).toEqual({
      proto_version: '1',
      publication_names: '"pub","My ""Pub"""',
      messages: 'true',
    });
  });
});
