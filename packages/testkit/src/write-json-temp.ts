import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Directory for temp files of one jest run (set and removed by the global setup/teardown). */
export const TMPDIR_ENV = 'PGSINGER_TEST_TMPDIR';

let tempDir: string | undefined;
let counter = 0;

/**
 * Writes a value as JSON to a new file in a per-process temp dir and returns its path. The dir lives under the jest
 * run's PGSINGER_TEST_TMPDIR when set (removed by the global teardown), else it is removed at process exit.
 */
export function writeJsonTemp(value: unknown, name = 'file'): string {
  if (tempDir === undefined) {
    const runDir = process.env[TMPDIR_ENV];
    const dir = mkdtempSync(path.join(runDir || os.tmpdir(), 'pgsinger-json-'));
    if (!runDir) process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    tempDir = dir;
  }
  counter += 1;
  const file = path.join(tempDir, `${counter}-${name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.json`);
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}
