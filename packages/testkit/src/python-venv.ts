import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { withDirLock } from './dir-lock';

const run = promisify(execFile);

/** Overrides where virtualenvs are kept (default: node_modules/.cache/pgsinger-python of this checkout). */
export const PYTHON_CACHE_ENV = 'PGSINGER_PYTHON_CACHE';
/** Overrides the Python that creates the virtualenvs (default `python3` on PATH). */
export const PYTHON_ENV = 'PGSINGER_PYTHON';

const MARKER = '.pgsinger-venv-complete';
const PINNED = /^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9._,-]+\])?==[A-Za-z0-9.+!_-]+$/;

/** Options of `ensurePythonVenv`. */
export interface PythonVenvOptions {
  /** Short name of the tool set (`meltano`, `pipelinewise`): the directory's prefix and what errors name. */
  readonly name: string;
  /** Pinned requirements (`name==version`), installed with pip. */
  readonly requirements: readonly string[];
  readonly python?: string;
  readonly cacheDir?: string;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Install packages whose metadata excludes this Python (pip's `--ignore-requires-python`): pipelinewise's tap
   * declares `<3.10` yet runs on Debian 12's 3.11, the only Python there. Part of the virtualenv's key.
   */
  readonly ignoreRequiresPython?: boolean;
}

/** A ready virtualenv. */
export interface PythonVenv {
  readonly dir: string;
  /** Its `bin` directory (console scripts of the installed packages). */
  readonly binDir: string;
  readonly python: string;
  /** Whether this call created it (false: it was already there and nothing was downloaded). */
  readonly created: boolean;
  /** The path of one of its console scripts. */
  bin(name: string): string;
}

/**
 * A virtualenv with exactly `requirements`, created once and reused (keyed by the Python and the requirements).
 * Concurrent callers (jest workers, parallel runs) wait for one creator. Throws a clear error when Python, venv,
 * pip or the package index fails; callers let that fail the test (never skip).
 */
export async function ensurePythonVenv(options: PythonVenvOptions): Promise<PythonVenv> {
  const env = options.env ?? process.env;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(options.name)) throw new Error(`invalid virtualenv name "${options.name}"`);
  const unpinned = options.requirements.filter((requirement) => !PINNED.test(requirement));
  if (unpinned.length > 0 || options.requirements.length === 0) {
    throw new Error(`virtualenv ${options.name}: pin every requirement as name==version (got ${unpinned.join(', ')})`);
  }
  const python = options.python ?? env[PYTHON_ENV] ?? 'python3';
  const interpreter = await describePython(python, options.name);
  const key = createHash('sha256')
    .update(
      JSON.stringify({
        interpreter,
        requirements: [...options.requirements].sort(),
        ...(options.ignoreRequiresPython === true ? { ignoreRequiresPython: true } : {}),
      }),
    )
    .digest('hex')
    .slice(0, 12);
  const root = options.cacheDir ?? env[PYTHON_CACHE_ENV] ?? defaultCacheDir();
  const dir = path.join(root, `${options.name}-${key}`);
  const venv = (created: boolean): PythonVenv => ({
    dir,
    binDir: path.join(dir, 'bin'),
    python: path.join(dir, 'bin', 'python'),
    created,
    bin: (name) => path.join(dir, 'bin', name),
  });
  if (existsSync(path.join(dir, MARKER))) return venv(false);
  return withDirLock(`${dir}.lock`, async () => {
    if (existsSync(path.join(dir, MARKER))) return venv(false); // made by the process we waited for
    await createVenv(python, dir, options);
    return venv(true);
  });
}

/** node_modules/.cache/pgsinger-python at the root of this checkout. */
function defaultCacheDir(): string {
  return path.resolve(__dirname, '..', '..', '..', 'node_modules', '.cache', 'pgsinger-python');
}

async function describePython(python: string, name: string): Promise<string> {
  try {
    const { stdout } = await run(python, ['-c', 'import sys; print(sys.executable, sys.version.split()[0])']);
    return stdout.trim();
  } catch (error) {
    throw new Error(
      `virtualenv ${name}: cannot run ${python} (${(error as Error).message.split('\n')[0]}); ` +
        `install Python 3 with venv and pip, or set ${PYTHON_ENV}`,
    );
  }
}

async function createVenv(python: string, dir: string, options: PythonVenvOptions): Promise<void> {
  rmSync(dir, { recursive: true, force: true }); // a half-made one from a run that died
  mkdirSync(path.dirname(dir), { recursive: true });
  const started = Date.now();
  process.stderr.write(`creating the Python virtualenv ${dir} (${options.requirements.join(' ')})\n`);
  const steps: [string, string, string[]][] = [
    ['python -m venv', python, ['-m', 'venv', dir]],
    [
      'pip install',
      path.join(dir, 'bin', 'python'),
      [
        '-m',
        'pip',
        'install',
        '--no-input',
        '--disable-pip-version-check',
        '--quiet',
        ...(options.ignoreRequiresPython === true ? ['--ignore-requires-python'] : []),
        ...options.requirements,
      ],
    ],
  ];
  for (const [step, file, args] of steps) {
    try {
      await run(file, args, { env: options.env ?? process.env, maxBuffer: 64 << 20 });
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      const { stderr, message } = error as { stderr?: string; message: string };
      const detail = (stderr || message).trim().split('\n').slice(-8).join('\n');
      throw new Error(`cannot create the Python virtualenv ${options.name} (${step} failed): ${detail}`);
    }
  }
  writeFileSync(path.join(dir, MARKER), `${JSON.stringify(options.requirements)}\n`);
  process.stderr.write(`created ${dir} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
