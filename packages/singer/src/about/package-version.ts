import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SingerError } from '../errors';

/** The `version` of the nearest package.json at or above `fromDir` (call with `__dirname` from a CLI's dist). */
export function packageVersion(fromDir: string): string {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) {
      const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
      const version =
        typeof value === 'object' && value !== null ? (value as { version?: unknown }).version : undefined;
      if (typeof version === 'string') return version;
    }
    if (dirname(dir) === dir) {
      throw new SingerError(
        `no package.json with a version above ${fromDir}`,
        'PACKAGE_VERSION',
        'reinstall the package',
      );
    }
  }
}
