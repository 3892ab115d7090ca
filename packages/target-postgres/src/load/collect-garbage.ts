import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;
try {
  // The documented way to reach V8's gc() without a command-line flag.
  setFlagsFromString('--expose-gc');
  gc = runInNewContext('gc') as () => void;
} catch {
  gc = undefined;
}

/**
 * A full garbage collection after each load. A batch's bookkeeping lives long enough to reach V8's old space, which
 * V8 lets grow to several times the live data (about 25 MB) before collecting; collecting once per load keeps peak
 * memory flat whatever the number of rows (measured: 141 MB instead of 181 MB at 1M rows, for about 0.6 s of CPU per
 * million records; collecting only above 32 MB of heap saved half of that but peaked at 147–150 MB).
 */
export function collectGarbage(): void {
  gc?.();
}
