import {
  ConfigError,
  createCounter,
  createLogger,
  logSettingsFrom,
  parseLogLevel,
  pythonJson,
  timeMetric,
  type LoggerOptions,
} from '../src';

const capture = (options: Partial<LoggerOptions> = {}) => {
  const lines: string[] = [];
  const logger = createLogger({
    name: 'tap-test',
    output: { write: (text: string) => lines.push(text) },
    now: () => new Date('2024-01-02T03:04:05.678Z'),
    ...options,
  });
  return { logger, lines };
};

describe('createLogger', () => {
  test('text lines look like singer-python', () => {
    const { logger, lines } = capture();
    logger.info('Beginning sync');
    logger.warn('careful');
    logger.debug('hidden');
    logger.metric({ type: 'counter', metric: 'record_count', value: 12, tags: { endpoint: 'public-users' } });
    expect(lines).toEqual([
      'INFO Beginning sync\n',
      'WARNING careful\n',
      'INFO METRIC: {"type": "counter", "metric": "record_count", "value": 12, "tags": {"endpoint": "public-users"}}\n',
    ]);
  });

  test("JSON lines are the Singer SDK's structured lines: every field Meltano's parser requires", () => {
    const { logger, lines } = capture({ format: 'json', level: 'debug' });
    logger.debug('d', { rows: 3 });
    logger.warn('w', { stream: 'public-users', level: 'not mine', message: 'not mine either' });
    logger.metric({ type: 'timer', metric: 'job_duration', value: 1.5, tags: { endpoint: 'public-orders' } });
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      level: 'debug',
      pid: process.pid,
      logger_name: 'tap-test',
      ts: 1704164645.678,
      thread_name: 'MainThread',
      app_name: 'tap-test',
      stream_name: null,
      message: 'd',
      rows: 3,
    });
    // Python's level names; extra fields never replace the SDK's keys; `stream` names the stream.
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({ level: 'warning', message: 'w', stream_name: 'public-users' });
    expect(JSON.parse(lines[2] ?? '')).toMatchObject({
      level: 'info',
      message: 'METRIC',
      stream_name: 'public-orders',
      metric_info: { type: 'timer', metric: 'job_duration', value: 1.5, tags: { endpoint: 'public-orders' } },
    });
  });

  test('an Error under `exception` is the structured exception in JSON and left out of text lines', () => {
    const json = capture({ format: 'json' });
    const error = new TypeError('boom', { cause: new RangeError('inner') });
    json.logger.critical('TypeError: boom', { exception: error });
    const line = JSON.parse(json.lines[0] ?? '') as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'critical',
      message: 'TypeError: boom',
      exception: { type: 'TypeError', message: 'boom', cause: { type: 'RangeError', message: 'inner' } },
    });
    const frames = (line.exception as { traceback: { filename: string; lineno: number }[] }).traceback;
    expect(frames.length).toBeGreaterThan(1);
    expect(frames.at(-1)?.filename).toContain('logger.test.ts'); // innermost last, as Python writes them
    expect(frames.every((frame) => Number.isInteger(frame.lineno))).toBe(true);
    const text = capture();
    text.logger.critical('stack here', { exception: error });
    expect(text.lines).toEqual(['CRITICAL stack here\n']);
  });

  test('secrets are replaced by *** everywhere, including errors, fields and JSON escapes', () => {
    const { logger, lines } = capture({ format: 'json' });
    logger.addSecrets(['s3cr"et', 'hunter2', '']);
    logger.error(`connect failed: password hunter2 rejected`, { password: 'hunter2', quoted: 's3cr"et' });
    const text = capture();
    text.logger.addSecrets(['hunter2']);
    text.logger.critical(new Error('bad hunter2').stack ?? '');
    expect(lines.join('')).not.toMatch(/hunter2|s3cr/);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      message: 'connect failed: password *** rejected',
      password: '***',
      quoted: '***',
    });
    expect(text.lines[0]).toMatch(/^CRITICAL Error: bad \*\*\*\n/);
  });

  test('level filtering', () => {
    const { logger, lines } = capture({ level: 'error' });
    logger.info('no');
    logger.warn('no');
    logger.error('yes');
    expect(lines).toEqual(['ERROR yes\n']);
    expect(logger.isLevelEnabled('critical')).toBe(true);
  });
});

describe('log settings', () => {
  test('flags first, then environment, then defaults', () => {
    expect(logSettingsFrom({}, {})).toEqual({ level: 'info', format: 'text' });
    expect(logSettingsFrom({}, { LOG_LEVEL: 'WARNING', LOG_FORMAT: 'json' })).toEqual({
      level: 'warn',
      format: 'json',
    });
    expect(
      logSettingsFrom({ 'log-level': 'debug', 'log-format': 'text' }, { LOG_LEVEL: 'error', LOG_FORMAT: 'json' }),
    ).toEqual({
      level: 'debug',
      format: 'text',
    });
  });

  test('bad values are known errors naming their source', () => {
    expect(() => parseLogLevel('loud')).toThrow(ConfigError);
    expect(() => logSettingsFrom({}, { LOG_LEVEL: 'loud' })).toThrow(/^LOG_LEVEL: unknown log level "loud"/);
    expect(() => logSettingsFrom({ 'log-format': 'xml' }, {})).toThrow(/^--log-format: unknown log format "xml"/);
  });

  test('pythonJson uses Python separators', () => {
    expect(pythonJson({ a: [1, 'b', null], c: { d: true } })).toBe('{"a": [1, "b", null], "c": {"d": true}}');
  });
});

describe('metrics', () => {
  test('a counter logs every interval and on flush', () => {
    const { logger, lines } = capture();
    let clock = 0;
    const counter = createCounter(
      logger,
      'record_count',
      { endpoint: 'users' },
      { intervalMs: 1000, now: () => clock },
    );
    counter.increment();
    counter.increment(4);
    clock = 1000;
    counter.increment();
    counter.increment(2);
    counter.flush();
    counter.flush();
    expect(lines).toEqual([
      'INFO METRIC: {"type": "counter", "metric": "record_count", "value": 6, "tags": {"endpoint": "users"}}\n',
      'INFO METRIC: {"type": "counter", "metric": "record_count", "value": 2, "tags": {"endpoint": "users"}}\n',
    ]);
  });

  test('a timer logs seconds and the outcome', async () => {
    const { logger, lines } = capture();
    let clock = 0;
    const now = () => clock;
    await timeMetric(logger, 'job_duration', { job_type: 'sync' }, async () => void (clock = 1500), { now });
    await expect(timeMetric(logger, 'job_duration', {}, () => Promise.reject(new Error('x')), { now })).rejects.toThrow(
      'x',
    );
    expect(lines[0]).toBe(
      'INFO METRIC: {"type": "timer", "metric": "job_duration", "value": 1.5, "tags": {"job_type": "sync", "status": "succeeded"}}\n',
    );
    expect(lines[1]).toContain('"status": "failed"');
  });
});
