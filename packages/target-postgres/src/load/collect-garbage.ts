import { getHeapStatistics } from 'node:v8';
import { fullGc } from '@pgsinger/singer';

/** Heap growth since the last forced collection that makes the next load end with one. */
export const GC_GROWTH_BYTES = 16 * 1024 * 1024;

let liveAfterLastGc = 0;

/**
 * A full garbage collection after a load, when the heap grew by GC_GROWTH_BYTES since the last one. A batch's
 * bookkeeping lives long enough to reach V8's old space, which V8 lets grow to several times the live data before
 * collecting; collecting keeps peak memory flat whatever the number of rows. Collecting after every load cost ~140 ms
 * per load however small (300 one-row streams: 42 s of 61 s), so small loads skip it until the heap has grown.
 */
export function collectGarbage(): void {
  const gc = fullGc();
  if (gc === undefined) return;
  if (getHeapStatistics().used_heap_size - liveAfterLastGc < GC_GROWTH_BYTES) return;
  gc();
  liveAfterLastGc = getHeapStatistics().used_heap_size;
}
