import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let resolved = false;
let gc: (() => void) | undefined;

/**
 * V8's full garbage collection, reached without a command-line flag (`--expose-gc` set at run time, then `gc` read
 * from a fresh context); undefined when that is not possible or `PGSINGER_NO_GC_GUARD` is set. Both CLIs use it to
 * keep RSS flat: V8 lets promoted short-lived garbage pile up in old space long before it collects.
 */
export function fullGc(): (() => void) | undefined {
  if (resolved) return gc;
  resolved = true;
  if (process.env.PGSINGER_NO_GC_GUARD !== undefined) return undefined;
  try {
    setFlagsFromString('--expose-gc');
    const found: unknown = runInNewContext('gc');
    if (typeof found === 'function') gc = () => void (found as () => unknown)();
  } catch {
    gc = undefined;
  }
  return gc;
}
