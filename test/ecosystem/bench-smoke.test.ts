import { spawn } from 'node:child_process';
import path from 'node:path';

const CLI = path.join(__dirname, '..', '..', 'packages', 'bench', 'dist', 'cli.js');
const SCENARIOS = [
  'copy-pipe',
  'tap',
  'target',
  'e2e-empty',
  'e2e-existing',
  'incremental-copy',
  'incremental',
  'recvlogical-wal2json',
  'tap-wal2json',
  'log-based-wal2json',
  'recvlogical-pgoutput',
  'tap-pgoutput',
  'log-based-pgoutput',
  'pair',
  'partitions-1',
  'partitions-2',
  'partitions-4',
  'pgcopydb-1',
  'pgcopydb-2',
  'pipelinewise',
  'state-at-end-empty',
  'state-per-record-empty',
  'state-at-end-full',
  'state-per-record-full',
];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const runBench = (args: string[]): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

describe('npm run bench (smoke: 10,000 rows, nothing written; no timing assertions)', () => {
  // Up to 5 min: the first run on a machine creates pipelinewise's virtualenv (pip, ~15–60 s).
  test('prints every scenario and peer with a numeric ratio, ours over each peer, and the server profile', async () => {
    const run = await runBench(['--rows', '10000', '--no-write']);
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    for (const id of SCENARIOS) {
      const line = run.stdout.split('\n').find((text) => text.startsWith(`| ${id} `));
      expect({ id, line }).toEqual({ id, line: expect.stringMatching(/^\| \S+ +\| [\d.]+ +\| [\d,]+ +\| \d+\.\d\d /) });
    }
    for (const peer of ['pgcopydb-1', 'pgcopydb-2', 'pipelinewise'])
      expect(run.stdout).toMatch(new RegExp(`^e2e-empty ÷ ${peer}: \\d+\\.\\d\\d×$`, 'm'));
    expect(run.stdout).toMatch(/^server profile tuned: fsync=on, .*shared_buffers=1GB, max_wal_size=8GB$/m);
  }, 300_000);
});
