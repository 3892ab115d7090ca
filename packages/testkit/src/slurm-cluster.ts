import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

/** A private single-node Slurm cluster (munged, slurmctld, slurmd as children of this process). */
export interface SlurmCluster {
  readonly dir: string;
  /** The environment its commands need (SLURM_CONF), on top of this process's. */
  readonly env: NodeJS.ProcessEnv;
  /** Runs a Slurm command (sbatch, squeue, scancel…) against this cluster; its stdout, or a rejection with stderr. */
  command(name: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<string>;
  /** Resolves once no job of the cluster is pending or running. */
  idle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const DAEMONS = ['munged', 'slurmctld', 'slurmd', 'sbatch'] as const;
const BIN_DIRS = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Where a Slurm or munge binary is, or undefined. */
function findBin(name: string): string | undefined {
  return BIN_DIRS.map((dir) => path.join(dir, name)).find((file) => existsSync(file));
}

/**
 * Starts a single-node Slurm cluster in a temporary directory, as Debian packages it (`slurmctld slurmd
 * slurm-client munge`, which .ci/run installs): its own munge key and socket, ports, state and spool, so nothing of
 * the machine's is touched. The node takes up to 4 jobs per CPU, so a job array runs its tasks side by side.
 */
export async function startSlurm(): Promise<SlurmCluster> {
  const missing = DAEMONS.filter((name) => findBin(name) === undefined);
  if (missing.length > 0)
    throw new Error(
      `Slurm is not installed (${missing.join(', ')} not found): apt-get install slurmctld slurmd slurm-client munge`,
    );
  const dir = mkdtempSync(path.join(tmpdir(), 'pgsinger-slurm-'));
  chmodSync(dir, 0o755);
  const node = hostname().split('.')[0];
  const file = (name: string): string => path.join(dir, name);
  writeFileSync(file('munge.key'), randomBytes(1024), { mode: 0o400 });
  const conf = file('slurm.conf');
  writeFileSync(conf, slurmConf({ dir, node, ctldPort: await freePort(), slurmdPort: await freePort() }));
  const env = { SLURM_CONF: conf };
  const children: ChildProcess[] = [];
  const daemon = (name: string, args: readonly string[]): void => {
    const child = spawn(findBin(name) ?? name, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
    child.once('error', () => undefined);
    children.push(child);
  };
  const killAll = (): void => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.on('exit', killAll);
  const munge = ['--socket', file('munge.sock'), '--key-file', file('munge.key')];
  daemon('munged', [
    '-F',
    '--force',
    ...munge,
    `--log-file=${file('munged.log')}`,
    `--pid-file=${file('munged.pid')}`,
    `--seed-file=${file('munged.seed')}`,
  ]);
  await waitFor(() => existsSync(file('munge.sock')), 10_000, 'munged did not create its socket');
  daemon('slurmctld', ['-D', '-i']);
  daemon('slurmd', ['-D', '-N', node]);
  const command = async (name: string, args: readonly string[], extra: NodeJS.ProcessEnv = {}): Promise<string> => {
    const options = { env: { ...process.env, ...env, ...extra }, encoding: 'utf8' as const };
    return (await promisify(execFile)(findBin(name) ?? name, [...args], options)).stdout;
  };
  const ready = (): boolean =>
    spawnSync(findBin('sinfo') ?? 'sinfo', ['-h', '-o', '%T'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    }).stdout?.trim() === 'idle';
  try {
    await waitFor(ready, 30_000, `Slurm did not come up (logs in ${dir})`);
  } catch (error) {
    killAll();
    throw error;
  }
  return {
    dir,
    env,
    command,
    idle: async (timeoutMs = 300_000) => {
      const empty = (): boolean =>
        spawnSync(findBin('squeue') ?? 'squeue', ['-h'], {
          env: { ...process.env, ...env },
          encoding: 'utf8',
        }).stdout?.trim() === '';
      await waitFor(empty, timeoutMs, 'Slurm jobs still queued or running');
    },
    stop: async () => {
      for (const child of children.reverse()) {
        if (child.exitCode !== null) continue;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      process.removeListener('exit', killAll);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The cluster's slurm.conf (pure): root runs everything, no cgroups or accounting (a container has neither). */
function slurmConf(options: { dir: string; node: string; ctldPort: number; slurmdPort: number }): string {
  const { dir, node } = options;
  return [
    'ClusterName=pgsinger',
    `SlurmctldHost=${node}(127.0.0.1)`,
    'SlurmUser=root',
    'SlurmdUser=root',
    `SlurmctldPort=${options.ctldPort}`,
    `SlurmdPort=${options.slurmdPort}`,
    'AuthType=auth/munge',
    'CredType=cred/munge',
    `AuthInfo=socket=${path.join(dir, 'munge.sock')}`,
    `StateSaveLocation=${path.join(dir, 'state')}`,
    `SlurmdSpoolDir=${path.join(dir, 'spool')}`,
    `SlurmctldPidFile=${path.join(dir, 'slurmctld.pid')}`,
    `SlurmdPidFile=${path.join(dir, 'slurmd.pid')}`,
    `SlurmctldLogFile=${path.join(dir, 'slurmctld.log')}`,
    `SlurmdLogFile=${path.join(dir, 'slurmd.log')}`,
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'JobAcctGatherType=jobacct_gather/none',
    'MpiDefault=none',
    'SchedulerType=sched/backfill',
    'SchedulerParameters=sched_interval=1',
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_Core',
    'ReturnToService=2',
    'KillWait=5',
    `NodeName=${node} NodeAddr=127.0.0.1 CPUs=${cpus().length} RealMemory=1000 State=UNKNOWN`,
    `PartitionName=main Nodes=${node} Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4`,
    '',
  ].join('\n');
}

async function waitFor(check: () => boolean, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
