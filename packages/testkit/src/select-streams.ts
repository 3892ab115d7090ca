import { runBin } from './run-bin';

/** One entry of a discovered catalog's `metadata`. */
export interface CatalogMetadataEntry {
  breadcrumb: string[];
  metadata: Record<string, unknown>;
}

/** The slice of a Singer catalog (as the tap discovers it) that tests read and stream selection edits. */
export interface CatalogShape {
  streams: {
    tap_stream_id: string;
    stream: string;
    schema: { properties: Record<string, Record<string, unknown>> };
    metadata: CatalogMetadataEntry[];
  }[];
}

/** How one stream is replicated. */
export interface StreamChoice {
  readonly method: 'FULL_TABLE' | 'INCREMENTAL' | 'XMIN' | 'LOG_BASED';
  readonly replicationKey?: string;
  /** More stream-level metadata (e.g. `view-key-properties`). */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** Which streams to select: by tap_stream_id (each must be discovered), or a function (undefined leaves one out). */
export type StreamChoices =
  Readonly<Record<string, StreamChoice>> | ((tapStreamId: string) => StreamChoice | undefined);

/** Selects the chosen streams (every column) and drops the rest from a discovered catalog (pure). */
export function selectStreams(discoveredValue: unknown, choices: StreamChoices): CatalogShape {
  const choose = typeof choices === 'function' ? choices : (id: string) => choices[id];
  const discovered = discoveredValue as CatalogShape;
  const streams = discovered.streams.flatMap((stream) => {
    const choice = choose(stream.tap_stream_id);
    if (choice === undefined) return [];
    const metadata = stream.metadata.map((entry) => {
      if (entry.breadcrumb.length > 0) return { ...entry, metadata: { ...entry.metadata, selected: true } };
      const root: Record<string, unknown> = {
        ...entry.metadata,
        selected: true,
        'replication-method': choice.method,
        ...choice.metadata,
      };
      if (choice.replicationKey !== undefined) root['replication-key'] = choice.replicationKey;
      return { ...entry, metadata: root };
    });
    return [{ ...stream, metadata }];
  });
  if (typeof choices !== 'function') {
    const missing = Object.keys(choices).filter((id) => !streams.some((s) => s.tap_stream_id === id));
    if (missing.length > 0) throw new Error(`Discovery did not offer ${missing.join(', ')}`);
  }
  return { streams };
}

/** The same choice for each of `ids` (for selectStreams). */
export function choose(ids: readonly string[], choice: StreamChoice): Record<string, StreamChoice> {
  return Object.fromEntries(ids.map((id) => [id, choice]));
}

/** Runs `tap-postgres --config <file> --discover` and returns the catalog (throws with the tap's stderr on failure). */
export async function discoverCatalog(tapConfig: string, options: { timeoutMs?: number } = {}): Promise<CatalogShape> {
  const result = await runBin('tap-postgres', ['--config', tapConfig, '--discover'], options);
  if (result.code !== 0) throw new Error(`discovery failed (exit ${result.code}): ${result.stderr.slice(-2000)}`);
  return JSON.parse(result.stdout) as CatalogShape;
}
