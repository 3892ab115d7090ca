import type { CancelTimer, Clock } from '@pgsinger/singer';

/**
 * An async iterator read with a time limit, without losing an item that arrives after the limit. One timer serves
 * many reads (a timer per read cost more than decoding a change): it is armed by the first read that has to wait and
 * reported ('timeout') to the read that is waiting when it fires; a read whose item is already there wins the race.
 */
export class TimedReader<T> {
  private pending: Promise<IteratorResult<T>> | undefined;
  private timeout: Promise<'timeout'> | undefined;
  private cancelTimer: CancelTimer | undefined;

  constructor(
    private readonly iterator: AsyncIterator<T>,
    private readonly clock: Clock,
  ) {}

  /** The next result, or 'timeout' when no item came within about `ms` (the pending read is kept for the next call). */
  async next(ms: number): Promise<IteratorResult<T> | 'timeout'> {
    this.pending ??= this.iterator.next();
    this.timeout ??= new Promise<'timeout'>((resolve) => {
      this.cancelTimer = this.clock.setTimeout(() => resolve('timeout'), ms);
    });
    const result = await Promise.race([this.pending, this.timeout]);
    if (result === 'timeout') {
      this.timeout = undefined;
      return result;
    }
    this.pending = undefined;
    if (result.done === true) this.cancel();
    return result;
  }

  /** Clears the timer (the reader can still be used: the next read arms a new one). */
  cancel(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.timeout = undefined;
  }
}
