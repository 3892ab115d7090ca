/** The slice of a Singer catalog that stream selection edits. */
export interface CatalogShape {
  streams: { tap_stream_id: string; metadata: { breadcrumb: string[]; metadata: Record<string, unknown> }[] }[];
}

/** How one stream is replicated. */
export interface StreamChoice {
  readonly method: 'FULL_TABLE' | 'INCREMENTAL' | 'XMIN' | 'LOG_BASED';
  readonly replicationKey?: string;
}

/** Selects the chosen streams (every column) and drops the rest from a discovered catalog. */
export function selectStreams(discoveredValue: unknown, choices: Readonly<Record<string, StreamChoice>>): CatalogShape {
  const discovered = discoveredValue as CatalogShape;
  const streams = discovered.streams
    .filter((stream) => choices[stream.tap_stream_id] !== undefined)
    .map((stream) => {
      const choice = choices[stream.tap_stream_id];
      const metadata = stream.metadata.map((entry) => {
        if (entry.breadcrumb.length > 0) return { ...entry, metadata: { ...entry.metadata, selected: true } };
        const root: Record<string, unknown> = {
          ...entry.metadata,
          selected: true,
          'replication-method': choice.method,
        };
        if (choice.replicationKey !== undefined) root['replication-key'] = choice.replicationKey;
        return { ...entry, metadata: root };
      });
      return { ...stream, metadata };
    });
  const missing = Object.keys(choices).filter((id) => !streams.some((s) => s.tap_stream_id === id));
  if (missing.length > 0) throw new Error(`Discovery did not offer ${missing.join(', ')}`);
  return { streams };
}
