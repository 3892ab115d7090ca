import { setBookmark, type Clock, type State } from '@pgsinger/singer';
import type { DecodedChange, Lsn } from '../replication';
import { formatLsn, lsnToBookmark, maxLsn } from '../replication';
import type { ChangeItem as Item, ChangeSource } from './change-source';
import { ChangeWriter, type ChangeWriterOptions } from './change-writer';
import { TimedReader } from './next-item';
import type { RouteTable } from './route-table';
import { stopReason, type StopRules } from './stop-rules';

/** What the streaming loop needs: the run's context, the streams' routes, the changes and when to stop. */
export interface ChangeLoopOptions extends ChangeWriterOptions {
  readonly stream: ChangeSource;
  readonly rules: StopRules;
}

const POLL_MS = 100;
const STATE_EVERY_MS = 10_000;
const STATE_EVERY_RECORDS = 20_000;

/**
 * Streams changes into RECORDs until a stop rule holds. A STATE follows the records of the transactions it covers:
 * every stream's `lsn` is the end of the last commit read (or the stream's own start, when later).
 */
export function runChangeLoop(options: ChangeLoopOptions, initial: State): Promise<State> {
  return new ChangeLoop(options, initial).run();
}

/**
 * Most items are handled as the stream decodes them (handleNow, no I/O and no await). An item that needs more — a
 * table or column not seen yet, a TRUNCATE, a STATE to write, an output that asked to wait, or the end of the run —
 * is left in the stream's queue for the loop, which handles it (and every later one) with awaits, in order.
 */
class ChangeLoop {
  private readonly changes: ChangeWriter;
  private readonly clock: Clock;
  private lastCommit: Lsn | undefined;
  private caughtUp: Lsn = 0n;
  private lastChangeMs: number;
  private lastStateMs: number;
  private recordsSinceState = 0;
  private transactions = 0;
  /** The loop is handling an item: later items must wait in the queue behind it. */
  private busy = false;

  constructor(
    private readonly options: ChangeLoopOptions,
    private state: State,
  ) {
    this.changes = new ChangeWriter(options);
    this.clock = options.clock;
    this.lastChangeMs = this.clock.now();
    this.lastStateMs = this.lastChangeMs;
  }

  async run(): Promise<State> {
    const { stream, rules, logger, writer } = this.options;
    const reader = new TimedReader<Item>(stream[Symbol.asyncIterator](), this.clock);
    stream.setSink((item) => this.handleNow(item));
    try {
      for (;;) {
        if (this.options.signal.aborted) break;
        const reason = this.stopReason(this.caughtUp, this.changes.inTransaction);
        if (reason !== undefined) {
          logger.info(`LOG_BASED: stopping: ${reason}`);
          break;
        }
        const result = await reader.next(POLL_MS);
        if (result === 'timeout') {
          // Caught up? A keepalive answers with the server's position (break_at_end_lsn only).
          if (!this.changes.inTransaction && rules.endLsn !== undefined) stream.requestReply();
          continue;
        }
        if (result.done === true) {
          if (stream.error !== undefined) throw stream.error;
          break;
        }
        this.busy = true;
        await this.handle(result.value);
        // The items queued behind it: at once while they need no I/O (the rest go round the loop).
        for (let next = stream.peek(); next !== undefined && this.handleSync(next); next = stream.peek())
          stream.shift();
        this.busy = false;
      }
    } finally {
      stream.setSink(undefined);
      reader.cancel();
    }
    await writer.flush();
    await this.emitState();
    logger.info(`LOG_BASED: ${this.transactions} transactions read, ${this.changes.total} records sent`);
    return this.state;
  }

  /** The stream's sink: items as they are decoded, unless the loop is handling one (they queue behind it). */
  private handleNow(item: Item): boolean {
    return !this.busy && this.handleSync(item);
  }

  /** Handles an item at once when it needs no I/O and cannot end the run; false leaves it to the loop. */
  private handleSync(item: Item): boolean {
    if (this.changes.blocked || this.options.signal.aborted) return false;
    if (item.kind === 'keepalive') {
      if (this.changes.inTransaction) return true;
      const caughtUp = maxLsn(this.caughtUp, item.walEnd);
      if (this.stopReason(caughtUp, false) !== undefined) return false;
      this.caughtUp = caughtUp;
      return true;
    }
    if (item.kind === 'commit') {
      if (this.recordsSinceState + this.changes.pending >= STATE_EVERY_RECORDS) return false;
      if (this.clock.now() - this.lastStateMs >= STATE_EVERY_MS) return false;
      if (this.stopReason(maxLsn(this.caughtUp, item.endLsn), false) !== undefined) return false;
      this.commit(item);
      return true;
    }
    if (!this.changes.applyNow(item)) return false;
    this.lastChangeMs = this.clock.now();
    return true;
  }

  private async handle(item: Item): Promise<void> {
    if (item.kind === 'keepalive') {
      if (!this.changes.inTransaction) this.caughtUp = maxLsn(this.caughtUp, item.walEnd);
      return;
    }
    this.lastChangeMs = this.clock.now();
    if (item.kind !== 'commit') return this.changes.apply(item);
    await this.changes.beforeCommit();
    this.commit(item);
    const due = this.recordsSinceState >= STATE_EVERY_RECORDS || this.clock.now() - this.lastStateMs >= STATE_EVERY_MS;
    if (due) await this.emitState();
  }

  private commit(item: Extract<DecodedChange, { kind: 'commit' }>): void {
    this.lastChangeMs = this.clock.now();
    this.recordsSinceState += this.changes.commit();
    this.lastCommit = item.endLsn;
    this.caughtUp = maxLsn(this.caughtUp, item.endLsn);
    this.transactions += 1;
  }

  private stopReason(caughtUp: Lsn, inTransaction: boolean): string | undefined {
    const nowMs = this.clock.now();
    return stopReason(this.options.rules, { nowMs, lastChangeMs: this.lastChangeMs, caughtUp, inTransaction });
  }

  private async emitState(): Promise<void> {
    this.state = withPosition(this.state, this.options.routes, this.lastCommit ?? 0n);
    await this.options.writer.write({ type: 'STATE', value: this.state });
    this.options.logger.debug(
      `LOG_BASED: STATE at lsn ${formatLsn(this.lastCommit ?? 0n)} (last commit read; ${this.recordsSinceState + this.changes.pending} records, ` +
        `${this.transactions} transactions so far)`,
    );
    this.lastStateMs = this.clock.now();
    this.recordsSinceState = 0;
  }
}

/** Every stream's bookmark moved to the end of the last commit read (never before the stream's own start). */
function withPosition(state: State, routes: RouteTable, lastCommit: Lsn): State {
  let next = state;
  for (const route of routes.routes) {
    next = setBookmark(next, route.id, {
      lsn: lsnToBookmark(maxLsn(route.threshold, lastCommit)),
      version: route.version,
    });
  }
  return next;
}
