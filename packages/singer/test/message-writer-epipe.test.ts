import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtDist } from './built-dist';

const script = join(__dirname, 'fixtures', 'write-many.js');

const pipeIntoHead = (mode: string): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve, reject) => {
    // bash reports the writer's own exit code (PIPESTATUS[0]) while head -1 closes the pipe early.
    const command = `node "$0" "$1" 1000000 "$2" 2>"$3.err" | head -1; status=\${PIPESTATUS[0]}; cat "$3.err" >&2; rm -f "$3.err"; exit $status`;
    const tmp = join(tmpdir(), `epipe-${process.pid}-${mode}`);
    const child = spawn('bash', ['-c', command, script, builtDist(), mode, tmp], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });

describe('MessageWriter into `head -1`', () => {
  test.each(['write', 'writeLine', 'writeLines'])('1,000,000 messages with %s: exit 0, empty stderr', async (mode) => {
    const result = await pipeIntoHead(mode);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      type: 'RECORD',
      stream: 'numbers',
      record: { id: 0, text: 'some text to make the line longer' },
    });
  });
});
