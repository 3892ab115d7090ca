import { readFileSync } from 'node:fs';

/** Peak resident memory of running processes, sampled from /proc/<pid>/status (VmHWM) until stop(). */
export interface PeakRss {
  /** Stops sampling; pid → peak MB seen (0 where /proc is unavailable). */
  stop(): Record<number, number>;
}

/** Samples VmHWM of `pids` every `intervalMs`. */
export function watchPeakRss(pids: readonly number[], intervalMs = 200): PeakRss {
  const peaks: Record<number, number> = {};
  const sample = (): void => {
    for (const pid of pids) {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (match) peaks[pid] = Math.max(peaks[pid] ?? 0, Math.round(Number(match[1]) / 1024));
      } catch {
        // The process has exited: keep its last sample.
      }
    }
  };
  const timer = setInterval(sample, intervalMs);
  sample();
  return {
    stop: () => {
      clearInterval(timer);
      return peaks;
    },
  };
}
