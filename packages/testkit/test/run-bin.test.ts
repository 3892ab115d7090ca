import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { binPath, collect, feed, writeJsonTemp } from '@pgsinger/testkit';

const node = (script: string): ReturnType<typeof spawn> =>
  spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });

describe('bin runner mechanics', () => {
  it('points at packages/<name>/bin/<name>.js', () => {
    expect(binPath('tap-postgres')).toMatch(/packages\/tap-postgres\/bin\/tap-postgres\.js$/);
    expect(binPath('target-postgres')).toMatch(/packages\/target-postgres\/bin\/target-postgres\.js$/);
  });

  it('feeds stdin and collects stdout, stderr and the exit code', async () => {
    const child = node(
      "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{process.stdout.write(s.toUpperCase());" +
        "process.stderr.write('done');process.exitCode=3;})",
    );
    feed(child, 'héllo\n');
    expect(await collect(child)).toEqual({ code: 3, signal: null, stdout: 'HÉLLO\n', stderr: 'done', timedOut: false });
  });

  it('survives a child that exits without reading its input (EPIPE)', async () => {
    const child = node('process.exit(0)');
    feed(child, Buffer.alloc(4 * 1024 * 1024));
    expect((await collect(child)).code).toBe(0);
  });

  it('kills a child that outlives its timeout', async () => {
    const child = node('setInterval(() => undefined, 1000)');
    feed(child, undefined);
    expect(await collect(child, 300)).toMatchObject({ signal: 'SIGKILL', timedOut: true });
  });

  it('writes JSON temp files', () => {
    const file = writeJsonTemp({ a: 1 }, 'my config');
    expect(file).toMatch(/my_config\.json$/);
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ a: 1 });
  });
});
