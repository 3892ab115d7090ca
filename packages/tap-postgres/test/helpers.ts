import type { ChildProcess } from 'node:child_process';
import { collect, runBin, spawnBin, writeJsonTemp, type BinResult, type TestDatabase } from '@pgsinger/testkit';

/** A message line of the tap's stdout, parsed, with its raw text. */
export interface OutputMessage {
  readonly type: string;
  readonly stream?: string;
  readonly record?: Record<string, unknown>;
  readonly value?: { bookmarks: Record<string, Record<string, unknown>>; currently_syncing?: string | null };
  readonly schema?: Record<string, unknown>;
  readonly key_properties?: string[];
  readonly bookmark_properties?: string[];
  readonly version?: number;
  readonly raw: string;
}

/** Catalog shapes the tests touch. */
export interface TestCatalog {
  streams: {
    tap_stream_id: string;
    stream: string;
    schema: { properties: Record<string, Record<string, unknown>> };
    metadata: { breadcrumb: string[]; metadata: Record<string, unknown> }[];
  }[];
}

/** Writes a tap config for the test database (plus extra keys) and returns its path. */
export function configFile(db: TestDatabase, extra: Record<string, unknown> = {}): string {
  return writeJsonTemp({ ...db.settings, ...extra }, 'config');
}

/** Runs the real bin. */
export function tap(args: readonly string[], timeoutMs = 60_000): Promise<BinResult> {
  return runBin('tap-postgres', args, { timeoutMs });
}

/**
 * Runs the real bin and hands each stdout chunk to `onChunk`, which may pause, signal or kill the tap; resolves at
 * exit with everything read from stdout.
 */
export async function tapWatched(
  args: readonly string[],
  onChunk: (chunk: string, child: ChildProcess) => void,
  timeoutMs = 60_000,
): Promise<BinResult & { readonly output: string }> {
  const child = spawnBin('tap-postgres', args);
  child.stdin?.end();
  const chunks: string[] = [];
  const done = collect(child, timeoutMs, { stdout: false });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    chunks.push(chunk);
    onChunk(chunk, child);
  });
  const result = await done;
  return { ...result, output: chunks.join('') };
}

/** An onChunk for tapWatched: sends `signal` once, at the first stdout chunk that contains `marker`. */
export function signalAt(marker: string, signal: NodeJS.Signals): (chunk: string, child: ChildProcess) => void {
  let sent = false;
  return (chunk, child) => {
    if (sent || !chunk.includes(marker)) return;
    sent = true;
    child.kill(signal);
  };
}

/** Parses every stdout line. */
export function parseOutput(stdout: string): OutputMessage[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((raw) => ({ ...(JSON.parse(raw) as Omit<OutputMessage, 'raw'>), raw }));
}

/** Runs discovery and returns the catalog (fails the test with stderr when the tap fails). */
export async function discoverCatalog(config: string): Promise<TestCatalog> {
  const result = await tap(['-c', config, '--discover']);
  if (result.code !== 0) throw new Error(`discovery failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as TestCatalog;
}

/** A catalog with only the given streams selected with a replication method (and stream metadata extras). */
export function selectStreams(
  catalog: TestCatalog,
  ids: readonly string[],
  method: string,
  extra: Record<string, unknown> = {},
): TestCatalog {
  return {
    streams: catalog.streams.map((stream) => ({
      ...stream,
      metadata: stream.metadata.map((item) =>
        item.breadcrumb.length === 0
          ? {
              ...item,
              metadata: ids.includes(stream.tap_stream_id)
                ? { ...item.metadata, selected: true, 'replication-method': method, ...extra }
                : { ...item.metadata, selected: false },
            }
          : item,
      ),
    })),
  };
}

/** Writes a catalog and returns its path. */
export function catalogFile(catalog: TestCatalog): string {
  return writeJsonTemp(catalog, 'catalog');
}

/** The last STATE value of an output. */
export function lastState(messages: readonly OutputMessage[]): unknown {
  const states = messages.filter((m) => m.type === 'STATE');
  return states[states.length - 1]?.value;
}

/** The raw `record` JSON text of a RECORD line (the serializer writes it as one object before `,"version"`). */
export function rawRecord(line: string): string {
  const start = line.indexOf('"record":') + '"record":'.length;
  const end = line.lastIndexOf(',"version":');
  return line.slice(start, end);
}

/** The one CRITICAL line of a failed run (fails when there are several, or a stack trace). */
export function fatalLine(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  const fatal = lines.filter((line) => line.startsWith('CRITICAL'));
  if (fatal.length !== 1 || lines.some((line) => /^\s+at /.test(line))) {
    throw new Error(`expected one CRITICAL line and no stack, got:\n${stderr}`);
  }
  return fatal[0];
}
