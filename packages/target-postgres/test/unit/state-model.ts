/**
 * A plain model of what the target must print for STATE messages, keeping every state and every record (what
 * StateTracker must match without keeping them). State j (1-based) is the j-th STATE of the input; a record "after
 * state a" arrived after a STATEs.
 */
export class StateModel {
  states = 0;
  private readonly records: { stream: string; after: number; ticket?: number }[] = [];
  private readonly tickets: { releases: number | undefined; status: 'loading' | 'done' | 'failed' }[] = [];
  private queueHead = 0;
  private released = 0;
  printed = 0;

  record(stream: string): void {
    this.records.push({ stream, after: this.states });
  }

  state(): void {
    this.states++;
  }

  /** True when the stream holds records not handed to a load (only then does a sink dispatch). */
  holds(stream: string): boolean {
    return this.records.some((r) => r.stream === stream && r.ticket === undefined);
  }

  /** Dispatches the stream's unloaded records; returns the ticket number. */
  dispatch(stream: string): number {
    const id = this.tickets.length;
    for (const r of this.records) if (r.stream === stream && r.ticket === undefined) r.ticket = id;
    const covered = this.newestBefore((r) => r.ticket === undefined);
    const releases = covered > this.released ? covered : undefined;
    if (releases !== undefined) this.released = releases;
    this.tickets.push({ releases, status: 'loading' });
    return id;
  }

  /** Tickets still loading. */
  loading(): number[] {
    return this.tickets.flatMap((t, id) => (t.status === 'loading' ? [id] : []));
  }

  /** A load committed: the states printed now, in order. */
  complete(id: number): number[] {
    this.tickets[id].status = 'done';
    const out: number[] = [];
    while (this.queueHead < this.tickets.length && this.tickets[this.queueHead].status === 'done') {
      const releases = this.tickets[this.queueHead++].releases;
      if (releases !== undefined && releases > this.printed) out.push((this.printed = releases));
    }
    return out;
  }

  /** Loads dispatched whose state is not printed yet (waiting for themselves or an earlier load). */
  queued(): number {
    return this.tickets.length - this.queueHead;
  }

  fail(id: number): void {
    this.tickets[id].status = 'failed';
  }

  /** Once loads have settled: the newest state whose records are all committed, if newer than the last printed. */
  settle(): number[] {
    const newest = this.newestBefore((r) => r.ticket === undefined || this.tickets[r.ticket].status !== 'done');
    return newest > this.printed ? [(this.printed = newest)] : [];
  }

  /** True when every record before state j is committed. */
  committedBefore(j: number): boolean {
    return this.records.every(
      (r) => r.after >= j || (r.ticket !== undefined && this.tickets[r.ticket].status === 'done'),
    );
  }

  /** The newest state that no record matching `pending` precedes. */
  private newestBefore(pending: (r: { stream: string; after: number; ticket?: number }) => boolean): number {
    let newest = this.states;
    for (const r of this.records) if (pending(r)) newest = Math.min(newest, r.after);
    return newest;
  }
}
