import { PassThrough } from 'node:stream';
import { createLogger, ManualClock, MessageWriter, type State } from '@pgsinger/singer';
import type { ClientBase } from 'pg';
import { validateTapConfig, type TapConfig } from '../../src/config';
import { runChangeLoop } from '../../src/log-based/change-loop';
import type { ChangeItem, ChangeSource } from '../../src/log-based/change-source';
import { logBasedStream } from '../../src/log-based/log-based-schema';
import { RouteTable } from '../../src/log-based/route-table';
import { stopRules } from '../../src/log-based/stop-rules';
import { StreamRoute } from '../../src/log-based/stream-route';
import { emptyColumnValues } from '../../src/replication';
import { logBasedFixture } from './stream-fixture';

// The LOG_BASED time limits and the STATE interval, on a ManualClock: time moves only when a test says so.

const config = validateTapConfig(
  { host: 'h', user: 'u', password: 'p', dbname: 'd', port: 5432, break_at_end_lsn: false },
  { warn: () => undefined },
);

/** Changes handed to the loop as the replication stream hands them: to its sink while nothing is queued. */
class ScriptedChanges implements ChangeSource {
  readonly error = undefined;
  private readonly queue: ChangeItem[] = [];
  private sink: ((item: ChangeItem) => boolean) | undefined;
  private wake: (() => void) | undefined;

  setSink(sink: ((item: ChangeItem) => boolean) | undefined): void {
    this.sink = sink;
  }
  peek(): ChangeItem | undefined {
    return this.queue[0];
  }
  shift(): ChangeItem | undefined {
    return this.queue.shift();
  }
  requestReply(): void {}
  push(items: readonly ChangeItem[]): void {
    for (const item of items) {
      if (this.sink !== undefined && this.queue.length === 0 && this.sink(item)) continue;
      this.queue.push(item);
    }
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
  async *[Symbol.asyncIterator](): AsyncGenerator<ChangeItem> {
    for (;;) {
      const item = this.queue.shift();
      if (item !== undefined) yield item;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

const endOf = (n: number): bigint => BigInt(n * 100 + 60);

/** Transaction n: one insert of id n, committed with its end at endOf(n); `open` leaves out the commit. */
function transaction(n: number, open = false): ChangeItem[] {
  const lsn = BigInt(n * 100);
  const commitTime = '2026-01-01T00:00:00.000000Z';
  const columns = emptyColumnValues();
  columns.id = String(n);
  const items: ChangeItem[] = [
    { kind: 'begin', lsn, commitLsn: lsn + 50n, commitTime },
    { kind: 'insert', lsn: lsn + 10n, schema: 'public', table: 't', columns, commitTime },
  ];
  if (!open) items.push({ kind: 'commit', lsn: endOf(n), commitLsn: lsn + 50n, endLsn: endOf(n), commitTime });
  return items;
}

const resolved = logBasedFixture();

/** The routes of a stream whose table is known: the loop never queries. */
const noQueries = {
  query: () => {
    throw new Error('the change loop queried the database');
  },
} as unknown as ClientBase;

interface Message {
  readonly type: string;
  readonly record?: { readonly id: number };
  readonly value?: State;
}

/** Starts a change loop on a ManualClock with the given limits. */
function startLoop(limits: Partial<TapConfig>) {
  const clock = new ManualClock(1_700_000_000_000);
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const logs: string[] = [];
  const logger = createLogger({ name: 'test', output: { write: (line: string) => logs.push(line) } });
  const runConfig = { ...config, ...limits };
  const route = new StreamRoute(logBasedStream(resolved, false), resolved.entry, 0n, 7, '2026-01-01T00:00:00.000Z');
  const changes = new ScriptedChanges();
  let done = false;
  const result = runChangeLoop(
    {
      client: noQueries,
      config: runConfig,
      writer: new MessageWriter(output),
      logger,
      signal: new AbortController().signal,
      clock,
      routes: new RouteTable([route], noQueries, logger),
      stream: changes,
      rules: stopRules(runConfig, clock.now(), 0n),
    },
    { bookmarks: {} },
  ).finally(() => (done = true));
  return {
    changes,
    result,
    logs,
    messages: (): Message[] =>
      text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Message),
    elapse,
    /** The loop goes on for `ms` more (in 100 ms polls), then ends. */
    endsAfter: async (ms: number): Promise<void> => {
      await elapse(ms - 100);
      expect(done).toBe(false);
      await elapse(100);
      expect(done).toBe(true);
    },
  };

  /** Moves time on in the loop's 100 ms polls, letting the loop run before and after each. */
  async function elapse(ms: number): Promise<void> {
    const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    for (let passed = 0; passed < ms; passed += 100) {
      await settle();
      clock.advance(Math.min(100, ms - passed));
    }
    await settle();
  }
}

const lsnOf = (state: State): unknown => state.bookmarks['public-t']?.lsn;
const summary = (messages: readonly Message[]): string[] =>
  messages.map((m) => (m.type === 'RECORD' ? `R${m.record?.id}` : `S${String(lsnOf(m.value as State))}`));

describe('LOG_BASED time limits (ManualClock)', () => {
  test('max_run_seconds reached mid-stream: the run ends at the deadline, however busy, with a STATE at the last commit', async () => {
    const loop = startLoop({ max_run_seconds: 60 });
    loop.changes.push(transaction(1));
    await loop.elapse(30_000);
    loop.changes.push(transaction(2));
    loop.changes.push(transaction(3, true)); // open at the deadline: its record is sent, but no STATE covers it
    await loop.endsAfter(30_000);
    loop.changes.push(transaction(4));
    const state = await loop.result;
    expect(lsnOf(state)).toBe(Number(endOf(2)));
    // A STATE also followed transaction 2, the first commit 10 s after the start.
    expect(summary(loop.messages())).toEqual(['R1', 'R2', `S${endOf(2)}`, 'R3', `S${endOf(2)}`]);
    expect(loop.logs.join('')).toContain('stopping: max_run_seconds reached');
  });

  test('logical_poll_total_seconds: a run that sees no change ends after that long', async () => {
    const loop = startLoop({ logical_poll_total_seconds: 5 });
    await loop.endsAfter(5_000);
    expect(lsnOf(await loop.result)).toBe(0);
    expect(loop.logs.join('')).toContain('stopping: logical_poll_total_seconds without a change');
  });

  test('the idle end is counted from the last change, not from the start', async () => {
    const loop = startLoop({ logical_poll_total_seconds: 5, max_run_seconds: 3600 });
    await loop.elapse(3_000);
    loop.changes.push(transaction(1));
    await loop.endsAfter(5_000);
    expect(lsnOf(await loop.result)).toBe(Number(endOf(1)));
    expect(summary(loop.messages())).toEqual(['R1', `S${endOf(1)}`]);
  });

  test('a STATE follows the first commit 10 s after the last one, then the run ends with one', async () => {
    const loop = startLoop({ logical_poll_total_seconds: 30 });
    loop.changes.push(transaction(1));
    await loop.elapse(9_900);
    loop.changes.push(transaction(2));
    await loop.elapse(100);
    expect(loop.messages().filter((message) => message.type === 'STATE')).toEqual([]);
    loop.changes.push(transaction(3));
    loop.changes.push(transaction(4));
    await loop.endsAfter(30_000);
    await loop.result;
    expect(summary(loop.messages())).toEqual(['R1', 'R2', 'R3', `S${endOf(3)}`, 'R4', `S${endOf(4)}`]);
  });
});
