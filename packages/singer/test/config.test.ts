import { compileConfigValidator, ConfigError, readConfigFiles, secretValues } from '../src';
import { schema } from './config-schema';
import { tempFiles } from './tmp-files';
import { thrown } from './thrown';

interface TestConfig {
  host: string;
  port: number;
  password: string;
  hard_delete: boolean;
  batch_size_rows: number;
}

const captureError = (fn: () => unknown): ConfigError => thrown(fn, ConfigError);

describe('readConfigFiles', () => {
  test('merges several files, later wins', () => {
    const files = tempFiles({ a: '{"host":"a","port":1}', b: '{"port":2,"user":"u"}' });
    expect(readConfigFiles([files.a, files.b], '--config')).toEqual({ host: 'a', port: 2, user: 'u' });
    expect(readConfigFiles([])).toEqual({});
  });

  test('errors name the flag and the path', () => {
    const files = tempFiles({ bad: '{"a":', list: '[1]' });
    expect(() => readConfigFiles([`${files.bad}.nope`], '--config')).toThrow(/^--config .*bad\.nope: file not found$/);
    expect(() => readConfigFiles([files.bad], '-c')).toThrow(/^-c .*bad: not valid JSON/);
    expect(() => readConfigFiles([files.list])).toThrow(/^--config .*list: a config file must hold a JSON object/);
  });
});

describe('compileConfigValidator', () => {
  const validate = compileConfigValidator<TestConfig>(schema);
  const logger = { warn: jest.fn() };
  beforeEach(() => logger.warn.mockClear());

  test('fills defaults, coerces pipelinewise strings, freezes, leaves the input alone', () => {
    const raw = { host: 'h', password: 'p', hard_delete: 'true', batch_size_rows: '500' };
    const config = validate(raw, logger);
    expect(config).toEqual({ host: 'h', port: 5432, password: 'p', hard_delete: true, batch_size_rows: 500 });
    expect(Object.isFrozen(config)).toBe(true);
    expect(raw.hard_delete).toBe('true');
    expect(validate({ host: 'h', password: 'p', hard_delete: false }, logger).hard_delete).toBe(false);
  });

  test('reports three mistakes at once, each with its JSON path', () => {
    const error = captureError(() =>
      validate({ port: 70000, password: 'p', ssh: { user: 3, key: [] }, mode: 'c' }, logger),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.known).toBe(true);
    expect(error.problems).toEqual([
      { path: '$.host', message: 'is required' },
      { path: '$.port', message: 'must be <= 65535' },
      { path: '$.ssh.key', message: 'must be string' },
      { path: '$.mode', message: 'must be one of "a", "b"' },
    ]);
    expect(error.message).toBe(
      'invalid config, 4 problems: $.host is required; $.port must be <= 65535; $.ssh.key must be string; $.mode must be one of "a", "b"',
    );
  });

  test('a config with exactly three mistakes lists all three', () => {
    const error = captureError(() => validate({ host: '', port: 'x', batch_size_rows: 0, password: 'p' }, logger));
    expect(error.problems.map((problem) => problem.path)).toEqual(['$.host', '$.port', '$.batch_size_rows']);
    expect(error.message).toMatch(/^invalid config, 3 problems: /);
  });

  test('unknown top-level keys warn and never fail', () => {
    const config = validate({ host: 'h', password: 'p', meltano_extra: 1 }, logger);
    expect(config).toMatchObject({ host: 'h', meltano_extra: 1 });
    expect(logger.warn).toHaveBeenCalledWith('config: unknown key "meltano_extra" is ignored');
  });
});

describe('secretValues', () => {
  test('finds values of properties marked secret or writeOnly, nested too', () => {
    const config = { host: 'h', password: 'hunter2', ssh: { key: 'PRIVATE', user: 'u' } };
    expect(secretValues(schema, config)).toEqual(['hunter2', 'PRIVATE']);
    expect(secretValues(schema, { host: 'h' })).toEqual([]);
  });
});
