/** What the target tracks of a stream's sink here. */
export interface ActiveSink {
  readonly stream: string;
  readonly received: number;
}

/**
 * Most STATE messages have pending states, so a flush that releases them must find the streams that hold rows; and a
 * STATE must know which counts changed. Both are kept as records arrive, so that neither looks at every stream of a
 * run (10,000 streams, one STATE each, would otherwise cost 10,000 × 10,000 steps).
 */
export class StreamActivity<S extends ActiveSink> {
  private readonly sinceState = new Set<S>();
  private readonly buffered = new Set<S>();

  /** A record was added to the sink's batch. */
  noteRecord(sink: S): void {
    this.sinceState.add(sink);
    this.buffered.add(sink);
  }

  /** Records received per stream, for the streams that got records since the last call. */
  takeReceivedCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const sink of this.sinceState) counts.set(sink.stream, sink.received);
    this.sinceState.clear();
    return counts;
  }

  /** Streams that may hold buffered rows (some were flushed since: flushing those again does nothing). */
  get bufferedCount(): number {
    return this.buffered.size;
  }

  /** The streams that may hold buffered rows, forgetting them (the caller flushes them). */
  takeBuffered(): S[] {
    const sinks = [...this.buffered];
    this.buffered.clear();
    return sinks;
  }
}
