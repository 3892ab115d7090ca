import { connectionConfigSchema, describeTarget, sqlState, SqlState } from '@pgsinger/postgres';
import { toConnectionError } from '../src/postgres-connection-error';
import { majorVersion } from '../src/server-version-num';
import { sessionOptions } from '../src/session-options';
import { toClientConfig } from '../src/to-client-config';

const settings = { host: 'db.example', port: 6543, user: 'loader', password: 's3cr3t!', dbname: 'warehouse' };

describe('connectionConfigSchema', () => {
  it('marks the password secret and gives defaults', () => {
    expect(connectionConfigSchema.properties.password).toMatchObject({ secret: true, writeOnly: true });
    expect(connectionConfigSchema.properties.port.default).toBe(5432);
    expect(connectionConfigSchema.properties.connect_timeout.default).toBe(30);
    expect(connectionConfigSchema.required).toEqual(['host', 'user', 'dbname']);
  });
});

describe('toClientConfig', () => {
  it('maps settings and options', () => {
    const config = toClientConfig(
      { ...settings, connect_timeout: 5 },
      { applicationName: 'tap-postgres', sessionSettings: { TimeZone: 'UTC' }, replication: 'database' },
    );
    expect(config).toMatchObject({
      host: 'db.example',
      port: 6543,
      user: 'loader',
      password: 's3cr3t!',
      database: 'warehouse',
      application_name: 'tap-postgres',
      connectionTimeoutMillis: 5000,
      options: '-c TimeZone=UTC',
      replication: 'database',
    });
  });

  it('defaults port and timeout, and dials an endpoint when given', () => {
    const noPort = { host: settings.host, user: settings.user, dbname: settings.dbname };
    const config = toClientConfig(noPort, { endpoint: { host: '127.0.0.1', port: 40000 } });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 40000, connectionTimeoutMillis: 30000 });
    expect(toClientConfig(noPort)).toMatchObject({ port: 5432 });
  });
});

describe('sessionOptions', () => {
  it('escapes spaces and backslashes, spells booleans', () => {
    expect(sessionOptions({ search_path: 'a b,c\\d', jit: false })).toBe('-c search_path=a\\ b,c\\\\d -c jit=off');
    expect(sessionOptions({})).toBeUndefined();
    expect(() => sessionOptions({ 'bad name': 1 })).toThrow(/Invalid/);
  });
});

describe('toConnectionError', () => {
  it('classifies and never includes the password', () => {
    const cause = Object.assign(new Error('connect failed for s3cr3t!'), { code: 'XX000' });
    const error = toConnectionError(cause, settings);
    expect(error.code).toBe('PG_CONNECT_FAILED');
    expect(error.message).toBe(
      'Cannot connect to PostgreSQL at db.example:6543/warehouse: connect failed for ********',
    );
    const refused = toConnectionError(
      new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
      settings,
    );
    expect(refused.code).toBe('PG_CONNECTION_REFUSED');
    expect(describeTarget({ host: 'h', dbname: 'd' })).toBe('h:5432/d');
  });
});

describe('sqlState', () => {
  it('reads SQLSTATE codes only', () => {
    expect(sqlState({ code: '42P01' })).toBe(SqlState.undefined_table);
    expect(sqlState({ code: 'ECONNREFUSED' })).toBeUndefined();
    expect(sqlState(null)).toBeUndefined();
    expect(majorVersion(150004)).toBe(15);
    expect(majorVersion(90624)).toBe(9.6);
  });
});
