import { stringifyExact } from '../input/json-number';

interface PendingState {
  value: unknown;
  /**
   * stream → records received before the state, for the streams whose count changed since the state before it (the
   * others that state already requires): a state is checked only after every earlier one, so this is enough, and a
   * run of 10,000 streams does not keep 10,000 counts per state.
   */
  readonly marks: ReadonlyMap<string, number>;
}

/** Records per stream, looked up by stream (a Map will do). */
export type CountLookup = Pick<ReadonlyMap<string, number>, 'get'>;

/** One load handed out, in dispatch order; carries the newest state its completion (and all earlier ones) makes safe. */
export interface FlushTicket {
  /** The states this load releases, oldest first (the newest one is printed). */
  readonly states: readonly PendingState[];
  done: boolean;
}

/**
 * Pure bookkeeping of STATE messages. Which state a load will release is fixed when the load is dispatched
 * (the newest state whose records have all been handed to loads by then), and it is printed once that load and
 * every load dispatched before it have committed. So the printed sequence depends on the input and the flush
 * points only, never on which connection finishes first.
 */
export class StateTracker {
  private readonly pending: PendingState[] = [];
  private readonly tickets: FlushTicket[] = [];
  private lastPrinted: string | undefined;
  /** stream → records received before the newest state (what every state so far requires, at most). */
  private readonly lastMarks = new Map<string, number>();

  /**
   * Records a STATE, with the records received so far per stream. A state that follows a pending one with no record
   * in between replaces it: whatever covers one covers the other, and only the newest covered state is printed.
   */
  received(value: unknown, received: ReadonlyMap<string, number>): void {
    const marks = new Map<string, number>();
    for (const [stream, count] of received) {
      if (count > 0 && this.lastMarks.get(stream) !== count) {
        marks.set(stream, count);
        this.lastMarks.set(stream, count);
      }
    }
    const last = this.pending.at(-1);
    if (marks.size === 0 && last !== undefined) last.value = value;
    else this.pending.push({ value, marks });
  }

  /** States received and not yet released by a load. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** A load was handed out; `dispatched` counts records handed to loads per stream, this one included. */
  dispatch(dispatched: CountLookup): FlushTicket {
    let covered = 0;
    while (covered < this.pending.length && coveredBy(this.pending[covered], dispatched)) covered++;
    const ticket: FlushTicket = { states: this.pending.splice(0, covered), done: false };
    this.tickets.push(ticket);
    return ticket;
  }

  /** A load committed; returns the state lines (JSON) to print now, in order. */
  complete(ticket: FlushTicket): string[] {
    ticket.done = true;
    const out: string[] = [];
    while (this.tickets.length > 0 && this.tickets[0].done) {
      const head = this.tickets.shift()!;
      const newest = head.states.at(-1);
      if (newest !== undefined) this.push(out, newest.value);
    }
    return out;
  }

  /**
   * At the end, or after a failure once loads have settled: the newest state whose records are all committed
   * (`committed` per stream), if not printed yet. At a normal end that is the last state received. (The states
   * before the first candidate belong to completed loads, so checking the candidates in order is enough.)
   */
  settle(committed: CountLookup): string[] {
    const candidates = [...this.tickets.flatMap((t) => t.states), ...this.pending];
    const out: string[] = [];
    let newest: PendingState | undefined;
    for (const state of candidates) {
      if (!coveredBy(state, committed)) break;
      newest = state;
    }
    if (newest !== undefined) this.push(out, newest.value);
    return out;
  }

  private push(out: string[], value: unknown): void {
    const text = stringifyExact(value);
    if (text === this.lastPrinted) return;
    this.lastPrinted = text;
    out.push(text);
  }
}

function coveredBy(state: PendingState, dispatched: CountLookup): boolean {
  for (const [stream, mark] of state.marks) if ((dispatched.get(stream) ?? 0) < mark) return false;
  return true;
}
