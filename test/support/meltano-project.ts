import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensurePythonVenv, TMPDIR_ENV, type PythonVenv } from '@pgsinger/testkit';

/** The Meltano the tests run (pinned: its log parser and state commands are what the tests check against). */
export const MELTANO_REQUIREMENTS = ['meltano==4.4.1'] as const;

const ROOT = path.join(__dirname, '..', '..');
const WHEELS_CLI = path.join(ROOT, 'packages', 'wheels', 'dist', 'cli.js');

/** Output of a finished command. */
export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr as they came, for assertions on what a person sees. */
  readonly output: string;
  readonly seconds: number;
}

/** A copy of examples/ beside freshly built wheels (../dist/wheels, as in the repository), and Meltano to run it. */
export interface MeltanoProject {
  /** The project directory (the copy of examples/). */
  readonly dir: string;
  readonly venv: PythonVenv;
  /** The environment every command gets: PATH is Meltano's virtualenv bin only (no node on it). */
  readonly env: NodeJS.ProcessEnv;
  /** Runs `meltano …` in the project with `extraEnv` added; resolves whatever the exit code. */
  meltano(args: readonly string[], extraEnv?: NodeJS.ProcessEnv): Promise<ProcessResult>;
  /** Runs any program with the project's environment (PATH without node) plus `extraEnv`. */
  run(file: string, args: readonly string[], extraEnv?: NodeJS.ProcessEnv): Promise<ProcessResult>;
  /** The console script `meltano install` put into a plugin's own virtualenv. */
  pluginExecutable(pluginType: 'extractors' | 'loaders', name: string): string;
}

// Variables of the outer environment that would change what Meltano or the plugins do.
const OUTER = /^(TAP_POSTGRES_|TARGET_POSTGRES_|MELTANO_)|^(LOG_LEVEL|LOG_FORMAT|SINGER_SDK_LOG_CONFIG|NODE_OPTIONS)$/;

/** Meltano (cached virtualenv), the wheels built from this checkout's dist, and a temp copy of examples/. */
export async function prepareMeltanoProject(): Promise<MeltanoProject> {
  const venv = await ensurePythonVenv({ name: 'meltano', requirements: MELTANO_REQUIREMENTS });
  const root = mkdtempSync(path.join(process.env[TMPDIR_ENV] || tmpdir(), 'pgsinger-meltano-'));
  const dir = path.join(root, 'examples');
  cpSync(path.join(ROOT, 'examples'), dir, { recursive: true });
  // What `npm run build:wheels` runs after building (npm test has built): the wheels beside the project, as in the repo.
  const wheels = await runProcess(process.execPath, [WHEELS_CLI, '--out', path.join(root, 'dist', 'wheels')], {
    cwd: ROOT,
    env: process.env,
  });
  if (wheels.code !== 0) throw new Error(`building the wheels failed:\n${wheels.output}`);
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !OUTER.test(key))),
    PATH: venv.binDir,
    MELTANO_CLI_DISABLE_VERSION_CHECK: 'true',
    MELTANO_SEND_ANONYMOUS_USAGE_STATS: 'false',
  };
  // Meltano installs plugins with uv, which ignores pip's CA setting: hand it the same bundle (a TLS-inspecting proxy).
  if (process.env.PIP_CERT && !process.env.SSL_CERT_FILE) env.SSL_CERT_FILE = process.env.PIP_CERT;
  const run = (file: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    runProcess(file, args, { cwd: dir, env: { ...env, ...extraEnv } });
  return {
    dir,
    venv,
    env,
    run,
    meltano: (args, extraEnv) => run(venv.bin('meltano'), args, extraEnv),
    pluginExecutable: (pluginType, name) => path.join(dir, '.meltano', pluginType, name, 'venv', 'bin', name),
  };
}

/** Runs a program to its end, collecting its output (never rejects on a non-zero exit). */
export function runProcess(
  file: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<ProcessResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => ((stdout += chunk), (output += chunk)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => ((stderr += chunk), (output += chunk)));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, output, seconds: (Date.now() - started) / 1000 }));
  });
}
