import { fullGc } from '@pgsinger/singer';

const CHECK_EVERY = 5000;
const HEAP_LIMIT_BYTES = 32 * 1024 * 1024;

/**
 * Keeps the tap's RSS flat while changes stream at a high rate. Nothing is retained (a heap snapshot mid-stream holds
 * about 12 MB of live JS), but V8 promotes some of the millions of short-lived change objects and lets that garbage
 * pile up in the old generation: 200 MB RSS for 1.1M wal2json changes without the guard; neither
 * --no-allocation-site-pretenuring nor a larger semi-space helped (64 MB: 330 MB RSS). Every few thousand records,
 * when the heap holds more than 32 MB, a full collection is run. Measured on 1M-change transactions: 32 MB keeps the
 * tap at about 120 MB RSS; 48 MB at 130-145 MB (too close to 150); the former 24 MB at about 115 MB but with a third
 * more CPU for wal2json. Off when `--expose-gc` cannot be enabled at run time.
 */
export class MemoryGuard {
  private count = 0;
  private readonly gc: (() => void) | undefined = fullGc();

  /** Counts one record; now and then checks the heap and collects. */
  tick(): void {
    this.count += 1;
    if (this.count < CHECK_EVERY || this.gc === undefined) return;
    this.count = 0;
    if (process.memoryUsage().heapUsed > HEAP_LIMIT_BYTES) this.gc();
  }
}
