import { Wal2jsonParser } from '../../src/replication';

const row = (columns: string, extra = ''): string =>
  `{"action":"U","timestamp":"2026-11-21 03:26:55.764105+00","lsn":"0/1525C68","schema":"public","table":"t"${extra},` +
  `"columns":[${columns}],"identity":[{"name":"id","value":1}]}`;

describe('wal2json parser', () => {
  test('columns become name → text maps; numbers keep their text; escapes are decoded', () => {
    const message = new Wal2jsonParser().parse(
      row('{"name":"id","value":1},{"name":"n","value":-1.50e+3},{"name":"s","value":"a\\"b\\\\c\\u00e9\\n"}'),
    );
    expect(message).toEqual({
      action: 'U',
      timestamp: '2026-11-21 03:26:55.764105+00',
      schema: 'public',
      table: 't',
      columns: { id: '1', n: '-1.50e+3', s: 'a"b\\cé\n' },
      identity: { id: '1' },
    });
  });

  test('proto-column-names: columns named __proto__ and toString are plain values, absent ones are absent', () => {
    const message = new Wal2jsonParser().parse(row('{"name":"__proto__","value":"x"},{"name":"id","value":1}'));
    const columns = message.columns ?? {};
    expect(Object.keys(columns)).toEqual(['__proto__', 'id']);
    expect(columns.__proto__).toBe('x');
    expect('toString' in columns).toBe(false);
  });

  test('names and keys remembered from an earlier message are only reused when the text matches', () => {
    const parser = new Wal2jsonParser();
    parser.parse(row('{"name":"id","value":1},{"name":"ab","value":2}'));
    expect(parser.parse(row('{"name":"id","value":1},{"name":"a","value":2}')).columns).toEqual({ id: '1', a: '2' });
    expect(parser.parse(row('{"name":"id","value":1},{"name":"abc","value":2}')).columns).toEqual({
      id: '1',
      abc: '2',
    });
    expect(parser.parse(row('{"name":"i\\"d","value":1},{"name":"i\\\\","value":2}')).columns).toEqual({
      'i"d': '1',
      'i\\': '2',
    });
    expect(parser.parse(row('{"value":3,"name":"id"}')).columns).toEqual({ id: '3' });
    expect(parser.parse('{"action":"B","lsn":"0/1","nextlsn":"0/2","timestamp":"x"}')).toEqual({
      action: 'B',
      lsn: '0/1',
      nextlsn: '0/2',
      timestamp: 'x',
    });
  });

  test('white space, other keys (any JSON) and other key orders are accepted', () => {
    const text =
      ' { "xid" : 123 , "action" : "I" , "pk" : [ { "name" : "id" , "type" : "int" } ] , "o" : { "a" : [ true , ' +
      'false , null , {} , [] ] } , "columns" : [ { "name" : "b" , "type" : "bool" , "value" : true } , ' +
      '{ "name" : "x" , "typeoid" : 17 , "value" : "00ff" } , { "name" : "y" , "typeoid" : 170 , "value" : "0" } ] } ';
    expect(new Wal2jsonParser().parse(text)).toEqual({
      action: 'I',
      xid: '123',
      columns: { b: 't', x: '\\x00ff', y: '0' },
    });
  });

  test('the lsn of a row change is skipped; begin, commit and messages keep theirs', () => {
    expect(new Wal2jsonParser().parse(row('')).lsn).toBeUndefined();
    const message = '{"action":"M","lsn":"0/15063A8","transactional":true,"prefix":"p","content":"a\\"b"}';
    expect(new Wal2jsonParser().parse(message)).toEqual({
      action: 'M',
      lsn: '0/15063A8',
      transactional: true,
      prefix: 'p',
      content: 'a"b',
    });
  });

  test.each([
    ['', 'expected {'],
    ['{"action":"I"', 'expected , or }'],
    ['{"action":"I"} x', 'text after the value'],
    ['{"action":"I","columns":[{"value":1}]}', 'a column without a name'],
    ['{"action":"I","columns":[{"name":"a","value":[1]}]}', 'not a scalar'],
    ['{"action":"I","schema":"abc', 'unterminated string'],
    ['{"action":"I","table":x}', 'unexpected character'],
    ['{"action":true}', 'is not a string or number'],
  ])('refuses %s', (text, problem) => {
    expect(() => new Wal2jsonParser().parse(text)).toThrow(problem);
  });
});
