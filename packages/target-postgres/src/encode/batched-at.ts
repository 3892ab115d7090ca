import type { Clock } from '@pgsinger/singer';

/**
 * `_sdc_batched_at`: when a record was received, to the second, as ISO text. The text is made once per second, and
 * one instance serves both encoders of a stream.
 */
export class BatchedAt {
  private second = -1;
  private secondText = '';

  constructor(private readonly clock: Clock) {}

  /** The current second as ISO text. */
  text(): string {
    const second = Math.floor(this.clock.now() / 1000);
    if (second !== this.second) {
      this.second = second;
      this.secondText = new Date(second * 1000).toISOString();
    }
    return this.secondText;
  }
}
