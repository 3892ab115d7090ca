import type { ChildProcess } from 'node:child_process';
import type { BinName, BinResult, RunBinOptions } from './run-bin';
import { collect, feed, spawnBin } from './run-bin';

/** Sees each stdout chunk of a watched run as it arrives; may pause the output, signal or kill the child. */
export type OnChunk = (chunk: string, child: ChildProcess) => void;

/**
 * Runs a bin like runBin and hands each stdout chunk to `onChunk` as it arrives; resolves at exit with everything
 * read (`stdout`), also what came after a signal or kill.
 */
export async function runBinWatched(
  name: BinName,
  args: readonly string[],
  onChunk: OnChunk,
  options: RunBinOptions = {},
): Promise<BinResult> {
  const child = spawnBin(name, args, options.env);
  feed(child, options.input);
  const chunks: string[] = [];
  const done = collect(child, options.timeoutMs, { stdout: false });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    chunks.push(chunk);
    onChunk(chunk, child);
  });
  return { ...(await done), stdout: chunks.join('') };
}

/** An OnChunk that calls `action` once, at the first stdout chunk that contains `marker`. */
export function atOutput(marker: string, action: (child: ChildProcess) => void): OnChunk {
  let done = false;
  return (chunk, child) => {
    if (done || !chunk.includes(marker)) return;
    done = true;
    action(child);
  };
}

/** An OnChunk that sends `signal` once, at the first stdout chunk that contains `marker`. */
export function signalAt(marker: string, signal: NodeJS.Signals): OnChunk {
  return atOutput(marker, (child) => child.kill(signal));
}

/** Options of waitForOutput. */
export interface WaitForOutputOptions {
  /** Which output to watch (default stdout). */
  readonly stream?: 'stdout' | 'stderr';
  /** Rejects after this many milliseconds without a match (default 30 000). */
  readonly timeoutMs?: number;
}

/**
 * Resolves with the text a child wrote to one of its outputs, from the call on, as soon as that text matches;
 * rejects, quoting what it saw, when the child exits or `timeoutMs` passes first. Other readers of the output (e.g.
 * collect) still get every chunk.
 */
export function waitForOutput(
  child: ChildProcess,
  match: RegExp | ((text: string) => boolean),
  options: WaitForOutputOptions = {},
): Promise<string> {
  const name = options.stream ?? 'stdout';
  const timeoutMs = options.timeoutMs ?? 30_000;
  const matches = typeof match === 'function' ? match : (text: string) => match.test(text);
  const output = child[name];
  if (output === null) return Promise.reject(new Error(`waitForOutput: the child's ${name} is not piped`));
  return new Promise((resolve, reject) => {
    let text = '';
    const fail = (why: string): void =>
      finish(new Error(`${why} before its ${name} matched ${String(match)}; it wrote:\n${text.slice(-2000)}`));
    const onData = (chunk: string | Buffer): void => {
      text += String(chunk);
      if (matches(text)) finish();
    };
    const onClose = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`the child exited (${code ?? signal})`);
    const timer = setTimeout(() => fail(`${timeoutMs} ms passed`), timeoutMs);
    function finish(error?: Error): void {
      clearTimeout(timer);
      output?.off('data', onData);
      child.off('close', onClose);
      if (error === undefined) resolve(text);
      else reject(error);
    }
    output.setEncoding('utf8').on('data', onData);
    child.once('close', onClose);
  });
}
