import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { builtDist } from './built-dist';
import { tempFiles } from './tmp-files';

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const runCli = (
  scenario: string,
  args: string[],
  onStderr?: (text: string, kill: () => void) => void,
  env: NodeJS.ProcessEnv = {},
): Promise<Result> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'fixtures', 'cli.js'), builtDist(), scenario, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: '', LOG_FORMAT: '', SINGER_SDK_LOG_CONFIG: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr, () => child.kill('SIGTERM'));
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });

describe('runMain in a real process', () => {
  const files = tempFiles({
    bad: JSON.stringify({ port: 70000, password: 'hunter2', batch_size_rows: 0 }),
    base: JSON.stringify({ host: 'db', password: 'hunter2', port: 1 }),
    override: JSON.stringify({ port: 'x' }),
  });

  test('a config with three mistakes: one CRITICAL line naming all three paths, exit 1, no stack', async () => {
    const result = await runCli('ok', ['--config', files.bad ?? '']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'CRITICAL invalid config, 3 problems: $.host is required; $.port must be <= 65535; ' +
        '$.batch_size_rows must be >= 1 — correct these keys in the --config file(s)\n',
    );
  });

  test('several --config files merge, the later wins', async () => {
    const result = await runCli('ok', ['-c', files.base ?? '', '-c', files.override ?? '']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^CRITICAL invalid config, 1 problem: \$\.port must be integer/);
  });

  test('a missing config file names the flag and path', async () => {
    const result = await runCli('ok', ['--config', '/nonexistent/config.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'CRITICAL --config /nonexistent/config.json: file not found — check the path given to --config\n',
    );
  });

  test('an unknown error prints its stack (secrets redacted) and exits 1', async () => {
    const result = await runCli('unknown-error', ['--config', files.base ?? '']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^CRITICAL TypeError: boom with \*\*\*\n\s+at /);
    expect(result.stderr).not.toContain('hunter2');
  });

  test("Meltano's structured logging config: the unknown error is one JSON line with the structured exception", async () => {
    const config = tempFiles({
      'logging.json': JSON.stringify({
        version: 1,
        formatters: { singer_formatter: { '()': 'singer_sdk.logging.StructuredFormatter' } },
        root: { handlers: ['console'], level: 'INFO' },
      }),
    });
    const result = await runCli('unknown-error', ['--config', files.base ?? ''], undefined, {
      SINGER_SDK_LOG_CONFIG: config['logging.json'],
    });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('hunter2');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'critical',
      logger_name: 'test-cli',
      message: 'TypeError: boom with ***',
      exception: { type: 'TypeError', message: 'boom with ***', traceback: expect.any(Array) },
    });
  });

  test('success: exit 0 with JSON logs on request', async () => {
    const result = await runCli('ok', ['--config', files.base ?? '', '--log-format', 'json']);
    expect(result).toMatchObject({ code: 0, stdout: '{"type":"STATE","value":{"ok":true}}\n', stderr: '' });
  });

  test.each([
    [['--nope'], 'Unknown argument: nope'],
    [['stray', '--config', files.base ?? ''], 'Unknown argument: stray'],
    [['--config'], 'Not enough arguments following: config'],
  ])('a usage error (%j) exits 2 as argparse does, with one line', async (args, problem) => {
    const result = await runCli('ok', args);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`CRITICAL test-cli: ${problem} — see test-cli --help\n`);
  });

  test('SIGTERM aborts the signal, main writes its last state, exit 143', async () => {
    let sent = false;
    const result = await runCli('wait-for-signal', ['--config', files.base ?? ''], (stderr, kill) => {
      if (!sent && stderr.includes('INFO ready')) {
        sent = true;
        kill();
      }
    });
    expect(result.code).toBe(143);
    expect(result.stdout).toBe('{"type":"STATE","value":{"batches":true,"host":"db"}}\n');
    expect(result.stderr).toBe('INFO ready\nINFO received SIGTERM, finishing the current batch before stopping\n');
  });
});
