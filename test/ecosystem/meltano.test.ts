import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describeSettings, type ConfigSchema, type SettingInfo } from '@pgsinger/singer';
import { parse } from 'yaml';
import { tapConfigSchema } from '../../packages/tap-postgres/src/config';
import { targetConfigSchema } from '../../packages/target-postgres/src/config';

// examples/meltano.yml must list exactly the settings of the CLIs' config JSON Schemas (leaf keys; nested object keys
// dotted as Meltano writes them), each with a kind matching its JSON type, a description, and `sensitive` for secrets.

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

interface MeltanoSetting {
  name: string;
  kind?: string;
  description?: string;
  sensitive?: boolean;
  value?: unknown;
  options?: { label: string; value: unknown }[];
}
interface MeltanoPlugin {
  name: string;
  namespace: string;
  executable: string;
  pip_url?: string;
  capabilities: string[];
  settings: MeltanoSetting[];
  select?: string[];
  metadata?: Record<string, Record<string, unknown>>;
}
interface MeltanoProject {
  plugins: { extractors: MeltanoPlugin[]; loaders: MeltanoPlugin[] };
}

const project = parse(readFileSync(path.join(EXAMPLES, 'meltano.yml'), 'utf8')) as MeltanoProject;
const tap = project.plugins.extractors.find((plugin) => plugin.name === 'tap-postgres');
const target = project.plugins.loaders.find((plugin) => plugin.name === 'target-postgres');

/** Settings without nested keys: Meltano names `ssh_tunnel.host`, not the `ssh_tunnel` object itself. */
const leaves = (schema: ConfigSchema): SettingInfo[] => {
  const all = describeSettings(schema);
  return all.filter((setting) => !all.some((other) => other.name.startsWith(`${setting.name}.`)));
};

const expectedKind = (setting: SettingInfo): string => {
  if (setting.enum) return 'options';
  const first = setting.type.split(' | ')[0];
  if (first === 'number') return 'decimal';
  if (first === 'integer' || first === 'boolean' || first === 'object' || first === 'array') return first;
  return 'string';
};

describe.each([
  ['tap-postgres', 'tap_postgres', () => tap, tapConfigSchema as ConfigSchema],
  ['target-postgres', 'target_postgres', () => target, targetConfigSchema as ConfigSchema],
])('examples/meltano.yml: %s', (name, namespace, plugin, schema) => {
  test('a custom plugin: namespace, an executable from this repository, no pip_url', () => {
    const definition = plugin();
    expect(definition).toBeDefined();
    expect(definition?.namespace).toBe(namespace);
    expect(definition?.pip_url).toBeUndefined();
    expect(definition?.executable).toBe(`../packages/${name}/bin/${name}.js`);
    expect(existsSync(path.join(EXAMPLES, definition?.executable ?? 'missing'))).toBe(true);
    expect(definition?.capabilities).toContain('about');
  });

  test('every setting of the schema is listed, and every listed setting exists in the schema', () => {
    const listed = (plugin()?.settings ?? []).map((setting) => setting.name).sort();
    const expected = leaves(schema)
      .map((setting) => setting.name)
      .sort();
    expect(listed.filter((setting) => !expected.includes(setting))).toEqual([]);
    expect(expected.filter((setting) => !listed.includes(setting))).toEqual([]);
  });

  test('each setting has a matching kind, a description, its default, and sensitive exactly for secrets', () => {
    const settings = new Map((plugin()?.settings ?? []).map((setting) => [setting.name, setting]));
    for (const info of leaves(schema)) {
      const setting = settings.get(info.name);
      expect({ name: info.name, kind: setting?.kind }).toEqual({ name: info.name, kind: expectedKind(info) });
      expect({ name: info.name, described: (setting?.description ?? '').length > 0 }).toEqual({
        name: info.name,
        described: true,
      });
      expect({ name: info.name, sensitive: setting?.sensitive === true }).toEqual({
        name: info.name,
        sensitive: info.secret,
      });
      if (info.default !== undefined)
        expect({ name: info.name, value: setting?.value }).toEqual({ name: info.name, value: info.default });
      if (info.enum) expect(setting?.options?.map((option) => option.value)).toEqual(info.enum);
    }
  });
});

test('the tap declares the capabilities Meltano expects and has select and metadata for each replication method', () => {
  expect(tap?.capabilities).toEqual(
    expect.arrayContaining(['catalog', 'discover', 'state', 'properties', 'about', 'test', 'log-based']),
  );
  expect(tap?.select?.length).toBeGreaterThan(0);
  const methods = Object.values(tap?.metadata ?? {}).map((entry) => entry['replication-method']);
  expect(methods).toEqual(expect.arrayContaining(['FULL_TABLE', 'INCREMENTAL', 'LOG_BASED']));
  const incremental = Object.values(tap?.metadata ?? {}).find((entry) => entry['replication-method'] === 'INCREMENTAL');
  expect(typeof incremental?.['replication-key']).toBe('string');
  for (const stream of Object.keys(tap?.metadata ?? {})) expect(stream).toMatch(/^[a-z_]+-[a-z_]+$/);
});
