/** A cancellable timer handle: calling it stops the timer (safe to call twice). */
export type CancelTimer = () => void;

/**
 * The one source of time for anything whose behaviour depends on it (flush ages, run limits, idle timeouts, state
 * intervals): injected, so those rules are unit-tested with a ManualClock instead of real waiting.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` once after `ms`; the timer never keeps the process alive. */
  setTimeout(fn: () => void, ms: number): CancelTimer;
  /** Calls `fn` every `ms`; the timer never keeps the process alive. */
  setInterval(fn: () => void, ms: number): CancelTimer;
}

/** The real clock: Date.now and unref'd Node timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
  setInterval(fn, ms) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};
