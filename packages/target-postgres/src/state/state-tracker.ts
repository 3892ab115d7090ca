import { stateLine } from './state-value';

/**
 * States held at most, besides the newest: past it a stream's next records count as following an older held state.
 * Bounds memory however many streams hold rows (a Singer state holds every stream's bookmark, so with 10,000 streams
 * each one is about 1 MB), at the price of coarser resume points then, never of a load.
 */
export const MAX_HELD_STATES = 16;

/** A STATE kept because a stream's unloaded records or a load refer to it. */
interface HeldState {
  /** Input order (0: before any STATE). */
  readonly seq: number;
  /** The STATE's value (parsed, or a RawStateValue); undefined for the point before any STATE. */
  readonly value: unknown;
  /** Streams whose first record not yet handed to a load came after this state (and before the next held one). */
  anchors: number;
  /** Loads that release this state or whose records came after it. */
  tickets: number;
}

/** One load handed out, in dispatch order. */
export interface FlushTicket {
  /** The newest state all of whose records were handed to loads once this load was: printed when it commits. */
  readonly releases: HeldState | undefined;
  /** The state before the load's first record: if the load fails, nothing newer can be printed. */
  readonly startsAfter: HeldState;
  done: boolean;
}

/**
 * Pure bookkeeping of STATE messages, coalesced. A state is safe to print once every record before it is committed;
 * that holds for the newest state before the first unloaded record of every stream. So only the states that can be
 * that are kept — for each stream holding unloaded records, the state before its first one (an anchor), plus the
 * newest — and a later state replaces the newest when no record since it started a stream's batch. Memory grows with
 * the number of streams holding rows (at most MAX_HELD_STATES states), never with the number of STATE messages, and
 * no STATE ever forces a load.
 *
 * Which state a load releases is fixed when it is dispatched (the newest state whose records have all been handed to
 * loads by then), and it is printed once that load and every load dispatched before it have committed: the printed
 * lines depend on the input and the flush points only, never on which connection finishes first.
 */
export class StateTracker {
  private readonly origin: HeldState = { seq: 0, value: undefined, anchors: 0, tickets: 0 };
  private latest = this.origin;
  /** Held states in input order, the newest last; every one but the newest has anchors or tickets. */
  private readonly held: HeldState[] = [this.origin];
  /** stream → the held state before its first record not handed to a load. */
  private readonly anchors = new Map<string, HeldState>();
  private readonly tickets: FlushTicket[] = [];
  /** Seq of the newest state a load has released, and of the newest printed. */
  private released = 0;
  private printed = 0;
  private lastPrinted: string | undefined;

  constructor(private readonly maxHeld = MAX_HELD_STATES) {
    if (maxHeld < 1) throw new RangeError('maxHeld must be at least 1');
  }

  /** A record of `stream` arrived (call it before buffering the record). */
  recordReceived(stream: string): void {
    if (this.anchors.has(stream)) return;
    let anchor = this.latest;
    // Anchoring an older state is safe (its records are a superset): it only makes that stream's loads release less.
    if (!isReferenced(anchor) && this.held.length > this.maxHeld) anchor = this.held[this.held.length - 2];
    anchor.anchors++;
    this.anchors.set(stream, anchor);
  }

  /** A STATE arrived: it becomes the newest; the previous newest is kept only when a stream or a load refers to it. */
  received(value: unknown): void {
    const previous = this.latest;
    this.latest = { seq: previous.seq + 1, value, anchors: 0, tickets: 0 };
    if (isReferenced(previous)) this.held.push(this.latest);
    else this.held[this.held.length - 1] = this.latest; // superseded (the newest is always last)
  }

  /** States held now (for tests and memory checks). */
  get heldCount(): number {
    return this.held.length;
  }

  /** A load of every record of `stream` not yet handed out was dispatched. */
  dispatch(stream: string): FlushTicket {
    const anchor = this.anchors.get(stream);
    if (anchor !== undefined) {
      this.anchors.delete(stream);
      anchor.anchors--;
    }
    // Without an anchor (not expected: every record is noted first) nothing after the origin counts as covered.
    const startsAfter = anchor ?? this.origin;
    startsAfter.tickets++;
    const covered = this.oldestAnchor() ?? this.latest;
    let releases: HeldState | undefined;
    if (covered.seq > this.released) {
      releases = covered;
      covered.tickets++;
      this.released = covered.seq;
    }
    const ticket: FlushTicket = { releases, startsAfter, done: false };
    this.tickets.push(ticket);
    return ticket;
  }

  /** A load committed; returns the state lines (JSON) to print now, in order. */
  complete(ticket: FlushTicket): string[] {
    ticket.done = true;
    const out: string[] = [];
    while (this.tickets.length > 0 && this.tickets[0].done) {
      const head = this.tickets.shift()!;
      if (head.releases !== undefined) this.print(out, head.releases);
      this.release(head);
    }
    return out;
  }

  /**
   * At the end, or after a failure once loads have settled: the newest held state whose records are all committed,
   * if not printed yet — before the first unloaded record of every stream and the first record of every load that did
   * not commit. At a normal end that is the last state received.
   */
  settle(): string[] {
    let limit = this.oldestAnchor()?.seq ?? Infinity;
    for (const ticket of this.tickets) if (!ticket.done) limit = Math.min(limit, ticket.startsAfter.seq);
    let newest: HeldState | undefined;
    for (const state of this.held) {
      if (state.seq > limit) break;
      newest = state;
    }
    const out: string[] = [];
    if (newest !== undefined) this.print(out, newest);
    return out;
  }

  private oldestAnchor(): HeldState | undefined {
    return this.held.find((state) => state.anchors > 0);
  }

  private release(ticket: FlushTicket): void {
    for (const state of [ticket.releases, ticket.startsAfter]) {
      if (state === undefined) continue;
      state.tickets--;
      this.drop(state);
    }
  }

  /** Forgets a state nothing refers to, unless it is the newest. */
  private drop(state: HeldState): void {
    if (state === this.latest || isReferenced(state)) return;
    const index = this.held.lastIndexOf(state);
    if (index >= 0) this.held.splice(index, 1);
  }

  private print(out: string[], state: HeldState): void {
    if (state.seq <= this.printed || state.value === undefined) return;
    this.printed = state.seq;
    const text = stateLine(state.value);
    if (text === this.lastPrinted) return;
    this.lastPrinted = text;
    out.push(text);
  }
}

function isReferenced(state: HeldState): boolean {
  return state.anchors > 0 || state.tickets > 0;
}
