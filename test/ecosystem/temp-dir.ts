import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TMPDIR_ENV } from '@pgsinger/testkit';

/** A fresh directory under the jest run's temp dir (removed by the global teardown), else under the OS temp dir. */
export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(process.env[TMPDIR_ENV] || tmpdir(), `pgsinger-${prefix}-`));
}
