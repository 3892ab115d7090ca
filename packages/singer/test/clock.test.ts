import { ManualClock, systemClock } from '../src';

describe('ManualClock', () => {
  it('runs timeouts and intervals in due order as time advances', () => {
    const clock = new ManualClock(1000);
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`t@${clock.now()}`), 250);
    const stop = clock.setInterval(() => seen.push(`i@${clock.now()}`), 100);
    clock.advance(300);
    expect(seen).toEqual(['i@1100', 'i@1200', 't@1250', 'i@1300']);
    stop();
    clock.advance(1000);
    expect(seen).toHaveLength(4);
    expect(clock.now()).toBe(2300);
    expect(clock.pendingTimers).toBe(0);
  });

  it('cancels a timeout before it falls due', () => {
    const clock = new ManualClock();
    let fired = false;
    const cancel = clock.setTimeout(() => (fired = true), 10);
    cancel();
    clock.advance(20);
    expect(fired).toBe(false);
  });
});

describe('systemClock', () => {
  it('reads the wall clock and fires real timers', async () => {
    const before = Date.now();
    expect(systemClock.now()).toBeGreaterThanOrEqual(before);
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 5));
  });
});
