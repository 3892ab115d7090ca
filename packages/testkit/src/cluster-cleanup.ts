import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const clusters = new Set<string>();
let hooksInstalled = false;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The postmaster pid recorded in a data directory, if it runs. */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid exists and is not a zombie (a reaper-less PID 1 leaves zombies behind). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(0) is all we know
  }
}

/**
 * Removes a cluster's temp dir (and stops its server) on process exit, on SIGINT/SIGTERM/SIGHUP, and — through a
 * detached watchdog — even when this process is killed with SIGKILL.
 */
export function registerCluster(dir: string): void {
  installHooks();
  clusters.add(dir);
  spawnWatchdog(dir);
}

/** Forgets a cluster that was stopped and removed normally. */
export function unregisterCluster(dir: string): void {
  clusters.delete(dir);
}

/** Stops the server of a cluster dir at once (SIGQUIT = immediate shutdown) and removes the dir; synchronous. */
export function destroyClusterSync(dir: string): void {
  const pid = postmasterPid(path.join(dir, 'data'));
  if (pid !== undefined) {
    signal(pid, 'SIGQUIT');
    const deadline = Date.now() + 5000;
    while (processAlive(pid) && Date.now() < deadline) sleepSync(20);
    if (processAlive(pid)) signal(pid, 'SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
  clusters.delete(dir);
}

function destroyAllSync(): void {
  for (const dir of [...clusters]) destroyClusterSync(dir);
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', destroyAllSync);
  for (const name of SIGNALS) {
    process.once(name, () => {
      destroyAllSync();
      // Our listener is gone now: re-raise so the default action (or other listeners) still ends the process.
      process.kill(process.pid, name);
    });
  }
}

function spawnWatchdog(dir: string): void {
  const script = [
    // Alive = exists and is not a zombie (a parent nobody reaps still answers kill -0).
    'alive() { kill -0 "$1" 2>/dev/null && ! sed "s/.*) //" "/proc/$1/stat" 2>/dev/null | grep -q "^Z"; }',
    'while alive "$1" && [ -d "$2" ]; do sleep 1; done',
    '[ -d "$2" ] || exit 0',
    'pid=$(head -n 1 "$2/data/postmaster.pid" 2>/dev/null)',
    'if [ -n "$pid" ]; then kill -QUIT "$pid" 2>/dev/null; i=0',
    '  while alive "$pid" && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done',
    '  kill -KILL "$pid" 2>/dev/null; fi',
    'rm -rf "$2"',
  ].join('\n');
  const child = spawn('sh', ['-c', script, 'pgsinger-watchdog', String(process.pid), dir], {
    detached: true,
    stdio: 'ignore',
  });
  child.on('error', () => undefined);
  child.unref();
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Whether a cluster dir still exists (for tests of the cleanup). */
export function clusterDirExists(dir: string): boolean {
  return existsSync(dir);
}
