import { columnNameFor, shortenName, splitStreamName } from '../../src/schema/naming';
import { tableNameFor, versionedColumnName } from '../../src/schema/naming';

describe('naming', () => {
  it('splits stream ids the pipelinewise way', () => {
    expect(splitStreamName('public-users')).toEqual({ sourceSchema: 'public', table: 'users' });
    expect(splitStreamName('db-public-my-table', new Set(['public']))).toEqual({
      sourceSchema: 'public',
      table: 'my-table',
    });
    expect(splitStreamName('users')).toEqual({ sourceSchema: null, table: 'users' });
  });

  it('table-name-with-hyphen: splits at the first hyphen, so a hyphenated table keeps its whole name', () => {
    expect(tableNameFor('public-with-hyphen', { default_target_schema: 'd' })?.table).toBe('with_hyphen');
    expect(tableNameFor('sides-left-side', { default_target_schema: 'd' })?.table).toBe('left_side');
    expect(tableNameFor('sides-right-side', { default_target_schema: 'd' })?.table).toBe('right_side');
  });

  it('schema_mapping keys settle hyphenated schemas and pipelinewise catalog-schema-table ids', () => {
    const routing = { schema_mapping: { 'my-schema': { target_schema: 'a' }, public: { target_schema: 'b' } } };
    expect(tableNameFor('my-schema-plain', routing)).toEqual({
      sourceSchema: 'my-schema',
      schema: 'a',
      table: 'plain',
    });
    expect(tableNameFor('db-public-orders', routing)).toEqual({ sourceSchema: 'public', schema: 'b', table: 'orders' });
    expect(tableNameFor('public-with-hyphen', routing)?.table).toBe('with_hyphen');
  });

  it('routes through schema_mapping first, then default_target_schema; lower-cases and replaces . and -', () => {
    const routing = { default_target_schema: 'dflt', schema_mapping: { sales: { target_schema: 'sales_dw' } } };
    expect(tableNameFor('sales-Orders.2024', routing)).toEqual({
      sourceSchema: 'sales',
      schema: 'sales_dw',
      table: 'orders_2024',
    });
    expect(tableNameFor('public-Users', routing)?.schema).toBe('dflt');
    expect(tableNameFor('public-Users', { default_target_schema: ' Analytics ' })?.schema).toBe('analytics');
    expect(tableNameFor('public-users', { schema_mapping: {} })).toBeNull();
  });

  it('shortens names over 63 bytes deterministically with a hash suffix, never splitting a character', () => {
    const long = 'a'.repeat(70);
    const short = shortenName(long);
    expect(Buffer.byteLength(short)).toBe(63);
    expect(shortenName(long)).toBe(short);
    expect(shortenName(`${'a'.repeat(69)}b`)).not.toBe(short);
    const unicode = shortenName('é'.repeat(40));
    expect(Buffer.byteLength(unicode)).toBeLessThanOrEqual(63);
    expect(unicode).toMatch(/^é+_[0-9a-f]{8}$/);
    expect(shortenName('short')).toBe('short');
  });

  it('joins flattened paths with __ and lower-cases', () => {
    expect(columnNameFor(['Address', 'ZipCode'])).toBe('address__zipcode');
  });

  it('names versioned columns <col>_<YYYYMMDD_HHMM> in UTC', () => {
    expect(versionedColumnName('price', new Date(Date.UTC(2024, 0, 2, 3, 4)))).toBe('price_20240102_0304');
    expect(Buffer.byteLength(versionedColumnName('x'.repeat(63), new Date()))).toBeLessThanOrEqual(63);
  });
});
