import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp-dir';

// scripts/generate-config-docs.js (npm run docs:config / docs:check) over a copy of the README; needs the built dist
// (npm test builds first).
const ROOT = path.join(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'generate-config-docs.js');

const generate = (readme: string, check: boolean) =>
  spawnSync(process.execPath, [SCRIPT, '--readme', readme, ...(check ? ['--check'] : [])], { encoding: 'utf8' });

describe('configuration reference in the README', () => {
  const readme = path.join(tempDir('readme'), 'README.md');
  beforeAll(() => copyFileSync(path.join(ROOT, 'README.md'), readme));

  test('the committed README is up to date (docs:check passes)', () => {
    const result = generate(readme, true);
    expect(result.stderr).toContain('up to date');
    expect(result.status).toBe(0);
  });

  test('both tables list every key, with the secret and alias columns', () => {
    const text = readFileSync(readme, 'utf8');
    const tap = text.slice(
      text.indexOf('<!-- config:tap-postgres:start -->'),
      text.indexOf('<!-- config:tap-postgres:end -->'),
    );
    expect(tap).toContain('| `password` | string | yes |  | yes |');
    expect(tap).toContain('alias of `sslmode`');
    expect(tap).toContain('`ssh_tunnel.private_key`');
    const target = text.slice(text.indexOf('<!-- config:target-postgres:start -->'));
    expect(target).toContain('`default_target_schema`');
  });

  test('a stale table fails --check (exit 1); regenerating fixes it', () => {
    const text = readFileSync(readme, 'utf8');
    writeFileSync(readme, text.replace('| `itersize` |', '| `itersize_old` |'));
    const stale = generate(readme, true);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('the configuration reference is stale; run npm run docs:config');
    expect(generate(readme, false).status).toBe(0);
    expect(readFileSync(readme, 'utf8')).toBe(text);
    expect(generate(readme, true).status).toBe(0);
  });

  test('missing markers are an error (exit 2)', () => {
    writeFileSync(readme, '# no markers\n');
    const result = generate(readme, true);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('markers <!-- config:tap-postgres:start -->');
  });
});
