import type { Argv } from 'yargs';
import { runMain, signalExitCode, SingerError, type CommonArgs, type LogOutput } from '../src';

const capture = (): LogOutput & { lines: string[] } => {
  const lines: string[] = [];
  return { lines, write: (text: string) => lines.push(text) };
};

describe('runMain', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  test('exit 0 on success, with parsed common options', async () => {
    const logOutput = capture();
    let seen: unknown;
    const code = await runMain(
      'x',
      async ({ argv, logger }) => {
        seen = argv.config;
        logger.debug('debugging');
      },
      { args: ['-c', 'a.json', '--config', 'b.json', '--log-level', 'debug'], logOutput, env: {} },
    );
    expect(code).toBe(0);
    expect(process.exitCode).toBe(0);
    expect(seen).toEqual(['a.json', 'b.json']);
    expect(logOutput.lines).toEqual(['DEBUG debugging\n']);
  });

  test('a duck-typed known error gives one CRITICAL line with its fix', async () => {
    const logOutput = capture();
    const error = Object.assign(new Error('could not connect to db:5432/app'), { known: true, fix: 'check host' });
    const code = await runMain('x', () => Promise.reject(error), { args: [], logOutput, env: {} });
    expect(code).toBe(1);
    expect(process.exitCode).toBe(1);
    expect(logOutput.lines).toEqual(['CRITICAL could not connect to db:5432/app — check host\n']);
  });

  test('an unknown error prints the stack', async () => {
    const logOutput = capture();
    const code = await runMain('x', () => Promise.reject(new RangeError('bad')), { args: [], logOutput, env: {} });
    expect(code).toBe(1);
    expect(logOutput.lines[0]).toMatch(/^CRITICAL RangeError: bad\n\s+at /);
  });

  test('SIGINT aborts the signal; when main returns the exit code is 130', async () => {
    const logOutput = capture();
    const code = await runMain(
      'x',
      async ({ signal }) => {
        setImmediate(() => process.emit('SIGINT', 'SIGINT'));
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
      },
      { args: [], logOutput, env: {} },
    );
    expect(code).toBe(130);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  test('an abort error thrown after a signal is a clean stop', async () => {
    const logOutput = capture();
    const code = await runMain(
      'x',
      async ({ signal }) => {
        process.emit('SIGTERM', 'SIGTERM');
        signal.throwIfAborted();
      },
      { args: [], logOutput, env: {} },
    );
    expect(code).toBe(signalExitCode('SIGTERM'));
    expect(code).toBe(143);
    expect(logOutput.lines).toEqual(['INFO received SIGTERM, finishing the current batch before stopping\n']);
  });

  test('a bad LOG_LEVEL is a known error', async () => {
    const logOutput = capture();
    const code = await runMain('x', async () => undefined, { args: [], logOutput, env: { LOG_LEVEL: 'loud' } });
    expect(code).toBe(1);
    expect(logOutput.lines[0]).toMatch(/^CRITICAL LOG_LEVEL: unknown log level "loud" — use one of/);
  });

  test('the CLI can add its own options', async () => {
    const logOutput = capture();
    let discover: unknown;
    await runMain(
      'x',
      async ({ argv }) => {
        discover = argv.discover;
      },
      {
        args: ['--discover'],
        logOutput,
        env: {},
        options: (parser: Argv<CommonArgs>) => parser.option('discover', { type: 'boolean' }),
      },
    );
    expect(discover).toBe(true);
  });

  test('SingerError carries code, fix and known', () => {
    const error = new SingerError('m', 'CODE', 'fix it');
    expect(error).toMatchObject({ message: 'm', code: 'CODE', fix: 'fix it', known: true, name: 'SingerError' });
  });
});
