import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensurePythonVenv, withDirLock } from '../src';

// ensurePythonVenv against the real python3 and PyPI: a small pinned package, in a cache dir of this test only.
jest.setTimeout(180_000);

describe('ensurePythonVenv', () => {
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'pgsinger-venv-test-'));
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
  const requirements = ['six==1.17.0'];

  test('two concurrent callers: one creates the venv, the other waits and reuses it; later calls reuse it', async () => {
    const [first, second] = await Promise.all([
      ensurePythonVenv({ name: 'six', requirements, cacheDir }),
      ensurePythonVenv({ name: 'six', requirements, cacheDir }),
    ]);
    expect([first?.created, second?.created].sort()).toEqual([false, true]);
    expect(first?.dir).toBe(second?.dir);
    const version = execFileSync(first?.python ?? '', ['-c', 'import six; print(six.__version__)'], {
      encoding: 'utf8',
    });
    expect(version.trim()).toBe('1.17.0');
    const again = await ensurePythonVenv({ name: 'six', requirements, cacheDir });
    expect(again.created).toBe(false);
    expect(again.bin('python')).toBe(first?.python);
    expect(readdirSync(cacheDir).filter((entry) => entry.endsWith('.lock'))).toEqual([]);
  });

  test('other requirements, or ignoring Requires-Python, get a venv of their own', async () => {
    const other = await ensurePythonVenv({ name: 'six', requirements: ['six==1.16.0'], cacheDir });
    const same = await ensurePythonVenv({ name: 'six', requirements, cacheDir });
    expect(other.dir).not.toBe(same.dir);
    const lenient = await ensurePythonVenv({ name: 'six', requirements, cacheDir, ignoreRequiresPython: true });
    expect(lenient.created).toBe(true);
    expect(lenient.dir).not.toBe(same.dir);
  });

  test('unpinned requirements and odd names are refused before anything runs', async () => {
    await expect(ensurePythonVenv({ name: 'six', requirements: ['six'], cacheDir })).rejects.toThrow(
      'pin every requirement as name==version (got six)',
    );
    await expect(ensurePythonVenv({ name: 'six', requirements: ['six>=1'], cacheDir })).rejects.toThrow(/pin every/);
    await expect(ensurePythonVenv({ name: 'Bad Name', requirements, cacheDir })).rejects.toThrow(/invalid/);
  });

  test('a missing Python or a package pip cannot install fails with the reason and leaves no half-made venv', async () => {
    await expect(
      ensurePythonVenv({ name: 'six', requirements, cacheDir, python: '/nonexistent/python3' }),
    ).rejects.toThrow(/cannot run \/nonexistent\/python3 .*install Python 3 with venv and pip/);
    const missing = ensurePythonVenv({ name: 'missing', requirements: ['pgsinger-no-such-package==0.0.1'], cacheDir });
    await expect(missing).rejects.toThrow(/cannot create the Python virtualenv missing \(pip install failed\): .+/s);
    expect(readdirSync(cacheDir).filter((entry) => entry.startsWith('missing'))).toEqual([]);
  });
});

describe('withDirLock', () => {
  test('runs one holder at a time, takes over a lock whose owner died, and removes it after', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pgsinger-lock-test-'));
    const lock = path.join(dir, 'x.lock');
    const order: string[] = [];
    const hold = (name: string) =>
      withDirLock(lock, async () => {
        order.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 300));
        order.push(`${name} out`);
      });
    await Promise.all([hold('a'), hold('b')]);
    expect(order).toEqual(expect.arrayContaining(['a in', 'a out', 'b in', 'b out']));
    expect(order[1]).toBe(`${order[0]?.split(' ')[0]} out`);
    // A dead owner (a pid that cannot exist) does not block.
    execFileSync('mkdir', [lock]);
    execFileSync('sh', ['-c', `echo 999999999 > ${lock}/owner`]);
    await expect(withDirLock(lock, async () => 'taken', { timeoutMs: 5_000 })).resolves.toBe('taken');
    expect(existsSync(lock)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
