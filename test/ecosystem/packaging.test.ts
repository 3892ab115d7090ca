import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp-dir';

// `npm pack` each published package, install the tarballs into an empty project outside the monorepo (dependencies
// such as pg and yargs come from the npm registry), and run the installed bins. Needs the built dist (npm test builds).
const ROOT = path.join(__dirname, '..', '..');
const PACKAGES = ['singer', 'postgres', 'tap-postgres', 'target-postgres'];

jest.setTimeout(300_000);

describe('packed tarballs installed outside the monorepo', () => {
  const packs = tempDir('packs');
  const project = tempDir('install');
  const npm = (args: string[], cwd: string): string =>
    execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel', 'error'], { cwd, encoding: 'utf8' });

  beforeAll(() => {
    for (const name of PACKAGES) npm(['pack', '--pack-destination', packs], path.join(ROOT, 'packages', name));
    const tarballs = readdirSync(packs).filter((file) => file.endsWith('.tgz'));
    expect(tarballs).toHaveLength(PACKAGES.length);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'install-check', private: true }));
    npm(['install', ...tarballs.map((file) => path.join(packs, file))], project);
  });

  const npx = (bin: string, args: string[]) =>
    spawnSync('npx', ['--no-install', bin, ...args], { cwd: project, encoding: 'utf8', env: { ...process.env } });

  test.each(['tap-postgres', 'target-postgres'])('%s --version and --about --format json run', (bin) => {
    const version = npx(bin, ['--version']);
    expect(version.stderr.replace(/npm warn.*\n/g, '')).toBe('');
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(new RegExp(`^${bin} v\\d+\\.\\d+\\.\\d+`));
    const about = npx(bin, ['--about', '--format', 'json']);
    expect(about.status).toBe(0);
    expect(JSON.parse(about.stdout)).toMatchObject({
      name: bin,
      settings: { properties: { host: { type: 'string' } } },
    });
  });

  test('a missing config is a clear usage error (exit 2), not a crash of a missing file', () => {
    const result = npx('tap-postgres', ['--discover']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/CRITICAL .*config/);
    expect(result.stderr).not.toMatch(/Cannot find module|MODULE_NOT_FOUND/);
  });
});
