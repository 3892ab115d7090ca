import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** One process of a measured pipeline. */
export interface Step {
  /** Label in the report (`tap`, `target`, `psql out`…). */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** What one process cost. */
export interface ProcessCost {
  readonly name: string;
  readonly exitCode: number;
  /** Peak resident set size in MB. */
  readonly peakRssMb: number;
  /** User + system CPU seconds. */
  readonly cpuSeconds: number;
}

/** A pipeline's wall time and each process's cost. */
export interface PipelineCost {
  readonly wallSeconds: number;
  readonly processes: readonly ProcessCost[];
  /** stderr of the processes that failed (empty when all exited 0). */
  readonly failures: readonly string[];
}

/** Where the pipeline's first stdin comes from and its last stdout goes. */
export interface PipelineEnds {
  readonly stdinFile?: string;
  /** A file path, or undefined for /dev/null. */
  readonly stdoutFile?: string;
}

const TIME_FORMAT = '%x %M %U %S';

/**
 * Runs `a | b | …` with each process wrapped in GNU time, so peak RSS and CPU are the process's own
 * (not a shell's), and returns the wall time of the whole pipeline.
 */
export async function measurePipeline(steps: readonly Step[], ends: PipelineEnds = {}): Promise<PipelineCost> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgsinger-bench-'));
  const inFd = openSync(ends.stdinFile ?? '/dev/null', 'r');
  const outFd = openSync(ends.stdoutFile ?? '/dev/null', 'w');
  const started = process.hrtime.bigint();
  try {
    const children: ChildProcess[] = [];
    const stderrs: string[] = steps.map(() => '');
    steps.forEach((step, index) => {
      const previous = children[index - 1];
      const stdin = index === 0 ? inFd : (previous?.stdout ?? 'ignore');
      const stdout = index === steps.length - 1 ? outFd : 'pipe';
      const child = spawn(
        '/usr/bin/time',
        ['-f', TIME_FORMAT, '-o', path.join(dir, `${index}.time`), step.command, ...step.args],
        {
          env: { ...process.env, ...step.env },
          stdio: [stdin, stdout, 'pipe'],
        },
      );
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        if (stderrs[index].length < 20_000) stderrs[index] += chunk;
      });
      children.push(child);
    });
    // 'exit' plus our own stderr pipe, not 'close': a child's stdout handed to the next child as its stdin is never
    // closed in this process, so 'close' of every child but the last may never fire.
    await Promise.all(
      children.map((child) =>
        Promise.all([
          new Promise((resolve) => child.once('exit', resolve)),
          new Promise((resolve) => (child.stderr ? child.stderr.once('close', resolve) : resolve(undefined))),
        ]),
      ),
    );
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const processes = steps.map((step, index) => readCost(step.name, path.join(dir, `${index}.time`)));
    const failures = processes.flatMap((cost, index) =>
      cost.exitCode === 0 ? [] : [`${cost.name} exited ${cost.exitCode}: ${stderrs[index].trim().slice(-2000)}`],
    );
    return { wallSeconds, processes, failures };
  } finally {
    closeSync(inFd);
    closeSync(outFd);
    rmSync(dir, { recursive: true, force: true });
  }
}

function readCost(name: string, file: string): ProcessCost {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const [exit, rssKb, user, system] = (lines[lines.length - 1] ?? '').split(' ').map(Number);
  return {
    name,
    exitCode: exit ?? -1,
    peakRssMb: (rssKb ?? 0) / 1024,
    cpuSeconds: (user ?? 0) + (system ?? 0),
  };
}

/** utime, stime, cutime, cstime (clock ticks) and the parent pid of a process, from /proc/<pid>/stat. */
function procTimes(pid: string): { ticks: number; childTicks: number; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the comm field: index 1 is the ppid, 11..14 are utime, stime, cutime, cstime.
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    return { ticks: fields[11] + fields[12], childTicks: fields[13] + fields[14], ppid: fields[1] };
  } catch {
    return undefined; // gone meanwhile
  }
}

/**
 * CPU seconds the server has used so far: the postmaster with its reaped backends (cutime/cstime) plus every process
 * it still has (backends not yet reaped, WAL writer, checkpointer…), so a backend counts whether or not it was reaped.
 */
export function serverCpuSeconds(postmasterPid: number | undefined): number | undefined {
  if (postmasterPid === undefined) return undefined;
  const postmaster = procTimes(String(postmasterPid));
  if (postmaster === undefined) return undefined;
  let ticks = postmaster.ticks + postmaster.childTicks;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = procTimes(entry);
    if (child?.ppid === postmasterPid) ticks += child.ticks;
  }
  return ticks / 100;
}
