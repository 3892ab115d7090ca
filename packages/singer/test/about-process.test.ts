import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { builtDist } from './built-dist';

const run = (args: string[], env: Record<string, string> = {}) => {
  const result = spawnSync(process.execPath, [join(__dirname, 'fixtures', 'about-cli.js'), builtDist(), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

describe('--about, --version, --test and --config ENV in a real process', () => {
  test('--about --format json prints the SDK document and exits 0 without a config', () => {
    const result = run(['--about', '--format', 'json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({
      name: 'tap-fake',
      version: '9.8.7',
      capabilities: ['about', 'test', 'catalog'],
      settings: { properties: { password: { secret: true } } },
    });
  });

  test('--about --format markdown and --version', () => {
    expect(run(['--about', '--format', 'markdown']).stdout).toContain(
      '| `password` | string | yes |  | yes | Password |',
    );
    expect(run(['--version'])).toMatchObject({ code: 0, stdout: 'tap-fake v9.8.7\n' });
    expect(run(['--about', '--format', 'yaml']).code).toBe(2);
  });

  test('--help lists the new flags', () => {
    const result = run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--about[\s\S]*--format[\s\S]*--version[\s\S]*--test/);
  });

  test('--test with --config ENV: exit 0 on success, secrets redacted', () => {
    const result = run(['--config', 'ENV', '--test'], { TAP_FAKE_HOST: 'good', TAP_FAKE_PASSWORD: 'hunter2' });
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toBe('INFO connecting to good with ***\nINFO tap-fake: connection test passed\n');
  });

  test('--test failure: one CRITICAL line with the fix, exit 1; no config is a clear error', () => {
    const result = run(['-c', 'ENV', '--test'], { TAP_FAKE_HOST: 'bad', TAP_FAKE_PASSWORD: 'x', TAP_FAKE_PORT: '1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('CRITICAL cannot connect to bad:1 — check host and port\n');
    expect(run(['--test'])).toMatchObject({
      code: 2,
      stderr: 'CRITICAL --test needs --config — run tap-fake --config config.json --test\n',
    });
  });

  test('main reads --config ENV (typed by the validator); progress is quiet at warn', () => {
    const env = { TAP_FAKE_HOST: 'h', TAP_FAKE_PASSWORD: 'p', TAP_FAKE_PORT: '6543' };
    const result = run(['--config', 'ENV'], env);
    expect(result).toMatchObject({ code: 0, stdout: '{"type":"STATE","value":{"host":"h","port":6543}}\n' });
    expect(result.stderr).toContain('INFO synced public-t: 2 rows in');
    expect(run(['--config', 'ENV', '--log-level', 'warn'], env).stderr).toBe('');
  });
});
