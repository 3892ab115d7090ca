import { spawn, type ChildProcess } from 'node:child_process';
import {
  collect,
  ensurePythonVenv,
  feed,
  spawnBin,
  writeJsonTemp,
  type BinResult,
  type CatalogShape,
  type PythonVenv,
  type TestDatabase,
} from '@pgsinger/testkit';

/**
 * The pipelinewise programs the drop-in claim is checked against, pinned with every dependency as pip resolved them
 * (so a new release of one cannot change what the tests see). pipelinewise-tap-postgres declares Python < 3.10 but runs
 * on 3.11, the only Python of Debian 12: the virtualenv is made with `--ignore-requires-python`.
 */
export const PIPELINEWISE_REQUIREMENTS = [
  'pipelinewise-tap-postgres==2.1.0',
  'pipelinewise-target-postgres==2.1.2',
  'pipelinewise-singer-python==1.3.0',
  'psycopg2-binary==2.9.5',
  'attrs==26.1.0',
  'backoff==1.10.0',
  'ciso8601==2.4.1',
  'inflection==0.3.1',
  'joblib==1.2.0',
  'jsonschema==3.2.0',
  'pyrsistent==0.20.0',
  'python-dateutil==4.0.0',
  'pytz==2020.5',
  'simplejson==3.17.2',
  'six==1.17.0',
  'strict-rfc3339==0.7',
  'tzdata==2026.6',
] as const;

/** Whose program: this project's bin or pipelinewise's. */
export type Side = 'ours' | 'pipelinewise';

/** The virtualenv holding pipelinewise's tap-postgres and target-postgres (created once, then reused). */
export function pipelinewiseVenv(): Promise<PythonVenv> {
  return ensurePythonVenv({
    name: 'pipelinewise',
    requirements: PIPELINEWISE_REQUIREMENTS,
    ignoreRequiresPython: true,
  });
}

// Settings of the outer environment that would change what our bins log.
const QUIET: NodeJS.ProcessEnv = { LOG_LEVEL: '', LOG_FORMAT: '', SINGER_SDK_LOG_CONFIG: '' };

/** Spawns `tap-postgres` or `target-postgres` of one side with piped stdio. */
export function spawnSide(venv: PythonVenv, side: Side, name: 'tap-postgres' | 'target-postgres', args: string[]) {
  if (side === 'ours') return spawnBin(name, args, QUIET);
  return spawn(venv.bin(name), args, {
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs one program of one side to its end with `input` on stdin. */
export function runSide(
  venv: PythonVenv,
  side: Side,
  name: 'tap-postgres' | 'target-postgres',
  args: string[],
  input?: string,
): Promise<BinResult> {
  const child = spawnSide(venv, side, name, args);
  feed(child, input);
  return collect(child, 300_000);
}

/** Both ends of a `tap | target` run. */
export interface PipeResult {
  readonly tap: BinResult;
  readonly target: BinResult;
  /** The target's last stdout line as JSON (the state to keep), or undefined when it printed none. */
  readonly state: unknown;
}

/** `tap … | target …` with each program from the given side; the tap's output is kept in `tap.stdout`. */
export async function pipe(
  venv: PythonVenv,
  tap: { side: Side; args: string[] },
  target: { side: Side; args: string[] },
): Promise<PipeResult> {
  const tapChild: ChildProcess = spawnSide(venv, tap.side, 'tap-postgres', tap.args);
  const targetChild: ChildProcess = spawnSide(venv, target.side, 'target-postgres', target.args);
  feed(tapChild, undefined);
  targetChild.stdin?.on('error', () => undefined);
  tapChild.stdout?.pipe(targetChild.stdin!);
  const [tapResult, targetResult] = await Promise.all([collect(tapChild, 300_000), collect(targetChild, 300_000)]);
  return { tap: tapResult, target: targetResult, state: lastJsonLine(targetResult.stdout) };
}

/** Feeds Singer lines (e.g. the part of a tap's output before an interruption) to a target of one side. */
export async function load(venv: PythonVenv, side: Side, targetConfig: string, lines: string): Promise<PipeResult> {
  const target = await runSide(venv, side, 'target-postgres', ['--config', targetConfig], lines);
  return {
    tap: { code: 0, signal: null, stdout: lines, stderr: '', timedOut: false },
    target,
    state: lastJsonLine(target.stdout),
  };
}

/** Throws with both stderr texts unless both ends exited 0. */
export function expectSuccess(result: PipeResult, what: string): PipeResult {
  if (result.tap.code !== 0 || result.target.code !== 0) {
    throw new Error(
      `${what}: tap exit ${result.tap.code}, target exit ${result.target.code}\n--- tap stderr\n` +
        `${result.tap.stderr.slice(-3000)}\n--- target stderr\n${result.target.stderr.slice(-3000)}`,
    );
  }
  return result;
}

function lastJsonLine(stdout: string): unknown {
  const lines = stdout.split('\n').filter((line) => line.trim() !== '');
  return lines.length === 0 ? undefined : (JSON.parse(lines[lines.length - 1]) as unknown);
}

/** A tap config (pipelinewise's keys; ours reads them too) for a database, with extra keys. */
export function tapConfig(db: TestDatabase, extra: Record<string, unknown> = {}): string {
  const { host, port, user, password, dbname } = db.settings;
  return writeJsonTemp({ host, port, user, password, dbname, ...extra }, 'pw-tap');
}

/** A target config loading into `schema` of the same database. */
export function targetConfig(db: TestDatabase, schema: string, extra: Record<string, unknown> = {}): string {
  const { host, port, user, password, dbname } = db.settings;
  return writeJsonTemp({ host, port, user, password, dbname, default_target_schema: schema, ...extra }, 'pw-target');
}

/** pipelinewise's own discovery (`tap-postgres --discover` of pipelinewise), the catalog its users keep. */
export async function pipelinewiseCatalog(venv: PythonVenv, config: string): Promise<CatalogShape> {
  const result = await runSide(venv, 'pipelinewise', 'tap-postgres', ['--config', config, '--discover']);
  if (result.code !== 0) throw new Error(`pipelinewise discovery failed: ${result.stderr.slice(-2000)}`);
  return JSON.parse(result.stdout) as CatalogShape;
}

/** The Singer messages of a tap's output. */
export function messages(
  stdout: string,
): { type: string; stream?: string; record?: Record<string, unknown>; value?: unknown }[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { type: string });
}
