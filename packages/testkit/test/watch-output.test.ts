import { spawn, type ChildProcess } from 'node:child_process';
import { atOutput, collect, feed, runBinWatched, signalAt, waitForOutput } from '@pgsinger/testkit';

const node = (script: string): ChildProcess =>
  spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });

describe('waitForOutput', () => {
  it('resolves with the text so far once it matches; collect still gets every chunk', async () => {
    const child = node(
      "process.stdout.write('one\\n');setTimeout(()=>{process.stdout.write('two\\n');setTimeout(()=>process.stdout.write('three\\n'),50)},50)",
    );
    feed(child, undefined);
    const done = collect(child, 10_000);
    expect(await waitForOutput(child, /two\n/)).toBe('one\ntwo\n');
    expect((await done).stdout).toBe('one\ntwo\nthree\n');
  });

  it('watches stderr, with a predicate', async () => {
    const child = node("process.stderr.write('INFO s: CREATE TABLE x\\n');setTimeout(()=>undefined,200)");
    feed(child, undefined);
    const text = await waitForOutput(child, (seen) => seen.includes('CREATE TABLE'), { stream: 'stderr' });
    expect(text).toContain('s: CREATE TABLE x');
  });

  it('rejects, quoting the output, when the child exits without a match', async () => {
    const child = node("process.stdout.write('nothing useful\\n')");
    feed(child, undefined);
    await expect(waitForOutput(child, /STATE/)).rejects.toThrow(
      /exited \(0\) before its stdout matched \/STATE\/.*\n.*nothing useful/s,
    );
  });

  it('rejects after timeoutMs', async () => {
    const child = node('setTimeout(() => undefined, 5000)');
    feed(child, undefined);
    await expect(waitForOutput(child, /never/, { timeoutMs: 100 })).rejects.toThrow(/100 ms passed before/);
    child.kill('SIGKILL');
  });
});

describe('atOutput and signalAt', () => {
  it('act once, at the first chunk that holds the marker', () => {
    const seen: string[] = [];
    const onChunk = atOutput('\n', () => seen.push('acted'));
    const child = {} as ChildProcess;
    for (const chunk of ['{"a"', ':1}\n{"b"', ':2}\n']) onChunk(chunk, child);
    expect(seen).toEqual(['acted']);
  });

  it('signalAt sends its signal once', () => {
    const sent: string[] = [];
    const child = { kill: (signal: NodeJS.Signals) => sent.push(signal) } as unknown as ChildProcess;
    const onChunk = signalAt('"type":"RECORD"', 'SIGTERM');
    for (const chunk of ['{"type":"SCHEMA"}\n', '{"type":"RECORD"}\n', '{"type":"RECORD"}\n']) onChunk(chunk, child);
    expect(sent).toEqual(['SIGTERM']);
  });

  it('runBinWatched hands every stdout chunk over and resolves with all of it', async () => {
    const chunks: string[] = [];
    const help = await runBinWatched('tap-postgres', ['--help'], (chunk) => chunks.push(chunk));
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--config');
    expect(chunks.join('')).toBe(help.stdout);
  });
});
