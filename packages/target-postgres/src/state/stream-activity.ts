/**
 * The streams that may hold buffered rows, kept as records arrive, so that the memory bound on streams holding rows
 * (see target.ts) never looks at every stream of a run (10,000 streams would otherwise cost 10,000 steps per record).
 */
export class StreamActivity<S> {
  private readonly buffered = new Set<S>();

  /** A record was added to the sink's batch. */
  noteRecord(sink: S): void {
    this.buffered.add(sink);
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
