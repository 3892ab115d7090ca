import { spawnSync } from 'node:child_process';
import path from 'node:path';

// `npm run demo` (after the build): a throwaway server, two syncs, a summary whose warehouse counts equal the source.
it('the demo syncs the example data and ends with a summary', () => {
  const result = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'packages', 'demo', 'dist', 'cli.js')], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect({ status: result.status, stderr: result.stderr.slice(-2000) }).toEqual({
    status: 0,
    stderr: expect.stringContaining('Summary'),
  });
  expect(result.stderr).toMatch(/orders\s+LOG_BASED \(pgoutput\)\s+source 2009 rows, warehouse 2009 rows/);
  expect(result.stderr).toMatch(/events\s+INCREMENTAL\s+source 5001 rows, warehouse 5001 rows/);
  expect(result.stdout).toBe('');
}, 150_000);
