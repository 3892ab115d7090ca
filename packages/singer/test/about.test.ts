import Ajv from 'ajv';
import { aboutJson, describeSettings, formatAbout, formatVersion, packageVersion, replaceBetweenMarkers } from '../src';
import { ABOUT, SCHEMA } from './ecosystem-fixtures';

/** The shape Meltano reads from `--about --format json`. */
const ABOUT_DOCUMENT_SCHEMA = {
  type: 'object',
  required: ['name', 'description', 'version', 'capabilities', 'settings'],
  properties: {
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+' },
    sdk_version: { type: 'string' },
    capabilities: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    settings: { type: 'object', required: ['type', 'properties'], properties: { properties: { type: 'object' } } },
    env_var_prefix: { type: 'string' },
  },
};

describe('--about', () => {
  test('json: the SDK document, validated against its schema, secrets marked', () => {
    const text = formatAbout(ABOUT, 'json');
    const document: unknown = JSON.parse(text);
    const validate = new Ajv().compile(ABOUT_DOCUMENT_SCHEMA);
    expect(validate(document)).toBe(true);
    expect(aboutJson(ABOUT)).toMatchObject({
      name: 'tap-example',
      version: '1.2.3',
      env_var_prefix: 'TAP_EXAMPLE_',
      settings: { properties: { password: { secret: true, writeOnly: true } } },
    });
  });

  test('markdown: capabilities and a settings table with types, defaults, secrets and aliases', () => {
    const text = formatAbout(ABOUT, 'markdown');
    expect(text).toMatch(/^# `tap-example`\n\nAn example tap\n\n## Capabilities\n\n- `catalog`\n/);
    expect(text).toContain('| Setting | Type | Required | Default | Secret | Description |');
    expect(text).toContain('| `port` | integer |  | `5432` |  | Port |');
    expect(text).toContain('| `password` | string | yes |  | yes | Password |');
    expect(text).toContain('| `ssl` | boolean \\| string |  |  |  | pipelinewise TLS switch |');
    expect(text).toContain('| `ssl_mode` | `disable`, `require` |  |  |  | alias of `sslmode` (Meltano) |');
    expect(text).toContain('| `ssh_tunnel.private_key` | string |  |  | yes |  |');
    expect(text).toContain('Schemas \\| a list');
  });

  test('text (the default) lists settings with their variables', () => {
    const text = formatAbout(ABOUT);
    expect(text).toContain(
      'Name: tap-example\nDescription: An example tap\nVersion: 1.2.3\nCapabilities:\n  - catalog',
    );
    expect(text).toContain(
      '  - Name: ssh_tunnel.host\n    Type: string\n    Environment Variable: TAP_EXAMPLE_SSH_TUNNEL__HOST',
    );
    expect(() => formatAbout(ABOUT, 'yaml')).toThrow('--format: unknown format "yaml"');
  });

  test('--version', () => {
    expect(formatVersion(ABOUT)).toBe('tap-example v1.2.3\n');
  });

  test('describeSettings flattens nested keys and reads aliases', () => {
    const settings = describeSettings(SCHEMA);
    expect(settings.map((setting) => setting.name)).toContain('ssh_tunnel.enable');
    expect(settings.find((setting) => setting.name === 'ssl_mode')).toMatchObject({ aliasOf: 'sslmode' });
    expect(settings.find((setting) => setting.name === 'filter_schemas')).toMatchObject({ type: 'string | array' });
    expect(settings.find((setting) => setting.name === 'host')).toMatchObject({ required: true, secret: false });
  });

  test('replaceBetweenMarkers keeps the markers and is idempotent', () => {
    const readme = 'a\n<!-- config:x:start -->\nold\n<!-- config:x:end -->\nb\n';
    const once = replaceBetweenMarkers(readme, 'x', 'new table\n');
    expect(once).toBe('a\n<!-- config:x:start -->\nnew table\n<!-- config:x:end -->\nb\n');
    expect(replaceBetweenMarkers(once, 'x', 'new table')).toBe(once);
    expect(() => replaceBetweenMarkers('none', 'x', '')).toThrow('markers <!-- config:x:start -->');
  });
});

test('packageVersion finds the nearest package.json', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const own = (require('../package.json') as { version: string }).version;
  expect(packageVersion(__dirname)).toBe(own);
  expect(() => packageVersion('/')).toThrow('no package.json with a version above /');
});
