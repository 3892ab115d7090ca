import { envVarName, readConfigSources, readEnvConfig } from '../src';
import { ABOUT, SCHEMA } from './ecosystem-fixtures';
import { tempFiles } from './tmp-files';

describe('--config ENV', () => {
  test('variable names: prefix, upper case, nested keys joined by __', () => {
    expect(envVarName('TAP_POSTGRES', 'host')).toBe('TAP_POSTGRES_HOST');
    expect(envVarName('TAP_POSTGRES_', 'ssh_tunnel.private_key')).toBe('TAP_POSTGRES_SSH_TUNNEL__PRIVATE_KEY');
    expect(envVarName('T', 'max-rows')).toBe('T_MAX_ROWS');
  });

  test('reads the schema properties by type; other variables are ignored', () => {
    const env = {
      TAP_EXAMPLE_HOST: 'db.example.com',
      TAP_EXAMPLE_PORT: '6432',
      TAP_EXAMPLE_SSL: 'true',
      TAP_EXAMPLE_SCHEMAS: 'public, sales',
      TAP_EXAMPLE_FILTER_SCHEMAS: 'public,sales',
      TAP_EXAMPLE_SCHEMA_MAPPING: '{"public":{"target_schema":"raw"}}',
      TAP_EXAMPLE_SSH_TUNNEL__ENABLE: 'true',
      TAP_EXAMPLE_SSH_TUNNEL__HOST: 'bastion',
      TAP_EXAMPLE_UNKNOWN: 'x',
      OTHER_HOST: 'y',
    };
    expect(readEnvConfig(SCHEMA, 'TAP_EXAMPLE', env)).toEqual({
      host: 'db.example.com',
      port: '6432',
      ssl: 'true',
      schemas: ['public', 'sales'],
      filter_schemas: 'public,sales',
      schema_mapping: { public: { target_schema: 'raw' } },
      ssh_tunnel: { enable: 'true', host: 'bastion' },
    });
  });

  test('an object setting as JSON merges with its __ children; bad JSON names the variable', () => {
    expect(
      readEnvConfig(SCHEMA, 'TAP_EXAMPLE', {
        TAP_EXAMPLE_SSH_TUNNEL: '{"enable":true,"host":"a"}',
        TAP_EXAMPLE_SSH_TUNNEL__HOST: 'b',
      }),
    ).toEqual({ ssh_tunnel: { enable: true, host: 'b' } });
    expect(() => readEnvConfig(SCHEMA, 'TAP_EXAMPLE', { TAP_EXAMPLE_SCHEMA_MAPPING: '{nope' })).toThrow(
      'TAP_EXAMPLE_SCHEMA_MAPPING: not valid JSON',
    );
  });

  test('ENV combines with files in order, later sources win', () => {
    const files = tempFiles({ a: JSON.stringify({ host: 'file-host', port: 1, password: 'p' }) });
    const env = { TAP_EXAMPLE_HOST: 'env-host' };
    expect(readConfigSources([files.a ?? '', 'ENV'], ABOUT, env)).toEqual({ host: 'env-host', port: 1, password: 'p' });
    expect(readConfigSources(['ENV', files.a ?? ''], ABOUT, env)).toEqual({
      host: 'file-host',
      port: 1,
      password: 'p',
    });
    expect(() => readConfigSources(['/nonexistent.json'], ABOUT, env)).toThrow(
      '--config /nonexistent.json: file not found',
    );
  });
});
