import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The project's command-line programs. */
export const BIN_NAMES = ['tap-postgres', 'target-postgres'] as const;

/** One of BIN_NAMES. */
export type BinName = (typeof BIN_NAMES)[number];

/** How a bin run ended. */
export interface BinResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Killed because timeoutMs passed. */
  readonly timedOut: boolean;
}

/** Options of runBin. */
export interface RunBinOptions {
  /** Written to stdin, which is then closed (stdin is closed at once when absent). */
  readonly input?: string | Buffer;
  /** Added to (and overriding) process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** SIGKILL after this many milliseconds (default 120 000). */
  readonly timeoutMs?: number;
}

/** Path of a package's bin script (`packages/<name>/bin/<name>.js`). */
export function binPath(name: BinName): string {
  return path.resolve(__dirname, '..', '..', name, 'bin', `${name}.js`);
}

/** Spawns a bin with node and collects its output. */
export function runBin(name: BinName, args: readonly string[], options: RunBinOptions = {}): Promise<BinResult> {
  const child = spawnBin(name, args, options.env);
  feed(child, options.input);
  return collect(child, options.timeoutMs);
}

/** Spawns a bin with node, stdio piped (for runPipeline and tests that drive stdin themselves). */
export function spawnBin(name: BinName, args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [binPath(name), ...args], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Writes the input, when given, to a child's stdin and closes it; a child that exits early does not crash us (EPIPE). */
export function feed(child: ChildProcess, input: string | Buffer | undefined): void {
  if (!child.stdin) return;
  child.stdin.on('error', () => undefined);
  child.stdin.end(input);
}

/**
 * Waits for a child to exit and collects stdout/stderr (stdout only if nobody else consumes it; with `'last-line'`
 * only its last line, for a target whose state lines add up to more than a string can hold).
 */
export function collect(
  child: ChildProcess,
  timeoutMs = 120_000,
  options: { stdout?: boolean | 'last-line' } = {},
): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const lastLine = options.stdout === 'last-line';
    if (options.stdout !== false)
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        // Keep the last line (and its newline): cut at the newline before it, if any.
        const cut = lastLine ? stdout.lastIndexOf('\n', stdout.length - 2) : -1;
        if (cut >= 0) stdout = stdout.slice(cut + 1);
      });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}
