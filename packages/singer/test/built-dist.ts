import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The singer package root. */
export const PACKAGE_DIR = join(__dirname, '..');

/** Path of the built `dist/index.js`, building the package first when it is missing or older than its sources. */
export function builtDist(): string {
  const index = join(PACKAGE_DIR, 'dist', 'index.js');
  const buildInfo = join(PACKAGE_DIR, 'dist', '.tsbuildinfo');
  const stale =
    !existsSync(index) ||
    !existsSync(buildInfo) ||
    newestSource(join(PACKAGE_DIR, 'src')) > statSync(buildInfo).mtimeMs;
  if (stale) {
    execFileSync('npx', ['tsc', '-b', PACKAGE_DIR], { stdio: 'inherit', cwd: join(PACKAGE_DIR, '..', '..') });
  }
  return index;
}

function newestSource(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    const time = entry.isDirectory()
      ? newestSource(path)
      : entry.name.endsWith('.test.ts')
        ? 0
        : statSync(path).mtimeMs;
    return Math.max(newest, time);
  }, 0);
}
