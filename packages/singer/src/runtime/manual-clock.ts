import type { CancelTimer, Clock } from './clock';

interface PendingTimer {
  readonly id: number;
  due: number;
  readonly every: number | undefined;
  readonly fn: () => void;
}

/** A Clock that moves only when told (`advance`), running the timers that fall due in order: for unit tests. */
export class ManualClock implements Clock {
  private timers: PendingTimer[] = [];
  private nextId = 0;

  constructor(private current = 0) {}

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): CancelTimer {
    return this.add(fn, ms, undefined);
  }

  setInterval(fn: () => void, ms: number): CancelTimer {
    return this.add(fn, ms, Math.max(1, ms));
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way (at its due time). */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const next = this.timers.reduce<PendingTimer | undefined>(
        (a, b) => (a === undefined || b.due < a.due ? b : a),
        undefined,
      );
      if (next === undefined || next.due > end) break;
      this.current = Math.max(this.current, next.due);
      if (next.every === undefined) this.cancel(next.id);
      else next.due += next.every;
      next.fn();
    }
    this.current = end;
  }

  /** How many timers are waiting. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  private add(fn: () => void, ms: number, every: number | undefined): CancelTimer {
    const id = this.nextId++;
    this.timers.push({ id, due: this.current + Math.max(0, ms), every, fn });
    return () => this.cancel(id);
  }

  private cancel(id: number): void {
    this.timers = this.timers.filter((timer) => timer.id !== id);
  }
}
