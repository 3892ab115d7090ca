/** An async iterator read with a time limit, without losing an item that arrives after the limit. */
export class TimedReader<T> {
  private pending: Promise<IteratorResult<T>> | undefined;

  constructor(private readonly iterator: AsyncIterator<T>) {}

  /** The next result, or 'timeout' after `ms` (the pending read is kept for the next call). */
  async next(ms: number): Promise<IteratorResult<T> | 'timeout'> {
    this.pending ??= this.iterator.next();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
    try {
      const result = await Promise.race([this.pending, timeout]);
      if (result !== 'timeout') this.pending = undefined;
      return result;
    } finally {
      clearTimeout(timer);
    }
  }
}
