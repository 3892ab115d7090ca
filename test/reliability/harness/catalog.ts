import { runBin } from '@pgsinger/testkit';
import type { Method } from './scenarios';

interface MetadataEntry {
  readonly breadcrumb: readonly string[];
  readonly metadata: Readonly<Record<string, unknown>>;
}

interface CatalogStream {
  readonly tap_stream_id: string;
  readonly metadata: readonly MetadataEntry[];
}

/** How one stream is replicated. */
export interface StreamSelection {
  readonly method: Method;
  readonly replicationKey?: string;
}

/** Selects streams (every column) of a discovered catalog; `choose` returns undefined for streams to leave out. */
export function selectCatalog(
  discovered: unknown,
  choose: (tapStreamId: string) => StreamSelection | undefined,
): { streams: CatalogStream[] } {
  const streams = (discovered as { streams: CatalogStream[] }).streams.flatMap((stream) => {
    const choice = choose(stream.tap_stream_id);
    if (choice === undefined) return [];
    const metadata = stream.metadata.map((entry) => {
      if (entry.breadcrumb.length > 0) return { ...entry, metadata: { ...entry.metadata, selected: true } };
      const root: Record<string, unknown> = { ...entry.metadata, selected: true, 'replication-method': choice.method };
      if (choice.replicationKey !== undefined) root['replication-key'] = choice.replicationKey;
      return { ...entry, metadata: root };
    });
    return [{ ...stream, metadata }];
  });
  return { streams };
}

/** Runs `tap-postgres --discover` and returns the parsed catalog (throws with the tap's stderr on failure). */
export async function discover(tapConfig: string, timeoutMs = 120_000): Promise<unknown> {
  const result = await runBin('tap-postgres', ['--config', tapConfig, '--discover'], { timeoutMs });
  if (result.code !== 0) throw new Error(`discovery failed (exit ${result.code}): ${result.stderr.slice(-2000)}`);
  return JSON.parse(result.stdout) as unknown;
}
