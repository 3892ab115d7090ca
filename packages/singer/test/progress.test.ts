import {
  createLogger,
  createProgressReporter,
  formatDuration,
  jobTimer,
  recordCounter,
  type LoggerOptions,
} from '../src';

const setup = (options: Partial<LoggerOptions> = {}) => {
  const lines: string[] = [];
  let clock = 0;
  const logger = createLogger({ name: 'tap', output: { write: (text: string) => lines.push(text) }, ...options });
  const reporter = createProgressReporter(logger, { intervalMs: 5000, now: () => clock });
  return { lines, reporter, advance: (ms: number) => (clock += ms) };
};

describe('progress reporter', () => {
  test('a line every interval with rows/s, percent of the estimate and ETA; a summary at the end', () => {
    const { lines, reporter, advance } = setup();
    const progress = reporter.stream('public-orders', { estimate: 100_000 });
    advance(1000);
    progress.add(10_000);
    expect(lines).toEqual([]);
    advance(4000);
    progress.add(10_000);
    advance(5000);
    progress.add(20_000);
    expect(progress.finish()).toMatchObject({ rows: 40_000, seconds: 10, rowsPerSecond: 4000 });
    expect(progress.finish().rows).toBe(40_000);
    expect(lines).toEqual([
      'INFO progress public-orders: 20,000 rows, 4,000 rows/s, 20% of ~100,000, ETA 20s\n',
      'INFO progress public-orders: 40,000 rows, 4,000 rows/s, 40% of ~100,000, ETA 15s\n',
      'INFO METRIC: {"type": "counter", "metric": "record_count", "value": 40000, "tags": {"endpoint": "public-orders"}}\n',
      'INFO METRIC: {"type": "timer", "metric": "job_duration", "value": 10, "tags": {"job_type": "sync", "endpoint": "public-orders", "status": "succeeded"}}\n',
      'INFO synced public-orders: 40,000 rows in 10s (4,000 rows/s)\n',
    ]);
    expect(reporter.summaries).toHaveLength(1);
  });

  test('no estimate (or a stale one): no percent; failure summary; tick reports while idle', () => {
    const { lines, reporter, advance } = setup();
    const progress = reporter.stream('public-events', { estimate: 10 });
    progress.add(50);
    advance(6000);
    progress.tick();
    progress.finish('failed');
    expect(lines[0]).toBe('INFO progress public-events: 50 rows, 8 rows/s\n');
    expect(lines[lines.length - 1]).toBe('INFO sync of public-events failed after 50 rows in 6s\n');
  });

  test('silent above info; JSON lines carry the numbers as fields', () => {
    const quiet = setup({ level: 'warn' });
    const progress = quiet.reporter.stream('s', { estimate: 10 });
    quiet.advance(10_000);
    progress.add(5);
    progress.finish();
    expect(quiet.lines).toEqual([]);

    const json = setup({ format: 'json' });
    const stream = json.reporter.stream('s', { estimate: 10 });
    json.advance(5000);
    stream.add(5);
    expect(JSON.parse(json.lines[0] ?? '')).toMatchObject({
      level: 'info',
      stream_name: 's',
      message: 'progress s: 5 rows, 1 rows/s, 50% of ~10, ETA 5s',
      stream: 's',
      rows: 5,
      percent: 50,
      eta_seconds: 5,
    });
  });

  test('singer-python helpers: record_counter and job_timer', async () => {
    const points: unknown[] = [];
    const logger = { metric: (point: unknown) => points.push(point) };
    const counter = recordCounter(logger, 'public-users', { now: () => 0 });
    counter.increment(3);
    counter.flush();
    await jobTimer(logger, 'discover', () => Promise.resolve(1), { now: () => 0 });
    expect(points).toEqual([
      { type: 'counter', metric: 'record_count', value: 3, tags: { endpoint: 'public-users' } },
      { type: 'timer', metric: 'job_duration', value: 0, tags: { job_type: 'discover', status: 'succeeded' } },
    ]);
    expect([formatDuration(0.42), formatDuration(185), formatDuration(3725)]).toEqual(['0.4s', '3m05s', '1h02m']);
  });
});
