import { systemClock, type CancelTimer, type Clock } from '@pgsinger/singer';
import type { Client } from 'pg';
import type { Lsn } from './lsn';
import { maxLsn } from './lsn';
import type { PrimaryKeepalive } from './replication-frame';
import type {
  CopyBothConnection,
  ReplicationStreamOptions,
  ReplicationStreamStats,
} from './replication-stream-options';
import { encodeStandbyStatusUpdate, parseReplicationFrame } from './replication-frame';
import { ItemQueue } from './item-queue';
import { startReplicationCommand } from './start-replication-command';

/** A running START_REPLICATION: an async iterable of decoded items and keepalives, with backpressure. */
export class ReplicationStream<T> implements AsyncIterable<T | PrimaryKeepalive> {
  /** The server's WAL end as last reported (XLogData or keepalive). */
  walEnd: Lsn = 0n;
  readonly stats: ReplicationStreamStats = { frames: 0, keepalives: 0, statusUpdates: 0, maxQueued: 0, pauses: 0 };
  private confirmed: Lsn;
  private readonly queue = new ItemQueue<T | PrimaryKeepalive>();
  private paused = false;
  private closing = false;
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private sink: ((item: T | PrimaryKeepalive) => boolean) | undefined;
  private readonly stopStatusTimer: CancelTimer;
  private readonly connection: CopyBothConnection;
  private readonly high: number;
  private readonly low: number;
  private readonly clock: Clock;
  private readonly onCopyData = (message: { chunk: Buffer }): void => this.receive(message.chunk);
  /** Settles when the server ends the COPY (after stop()) or fails. */
  readonly finished: Promise<void>;

  /** Use startReplication(). */
  constructor(
    private readonly client: Client,
    private readonly options: ReplicationStreamOptions<T>,
  ) {
    this.connection = client.connection as unknown as CopyBothConnection;
    this.confirmed = options.confirmedLsn ?? options.startLsn;
    this.high = options.highWaterMark ?? 2000;
    this.low = options.lowWaterMark ?? Math.floor(this.high / 4);
    this.clock = options.clock ?? systemClock;
    this.connection.on('copyData', this.onCopyData);
    const sql = startReplicationCommand(options.slotName, options.startLsn, options.pluginOptions);
    this.finished = client.query(sql).then(
      () => this.end(undefined),
      (error: unknown) => this.end(error),
    );
    client.once('end', () => this.end(this.closing ? undefined : new Error('The replication connection closed')));
    this.stopStatusTimer = this.clock.setInterval(() => this.sendStatus(false), options.statusIntervalMs ?? 10_000);
  }

  /** The LSN currently reported to the server as flushed. */
  get confirmedLsn(): Lsn {
    return this.confirmed;
  }

  /** Sets the LSN to report (never lowered) and sends it now: pass only a position the destination has committed. */
  confirm(lsn: Lsn): void {
    this.confirmed = maxLsn(this.confirmed, lsn);
    this.sendStatus(false);
  }

  /**
   * Hands items to `sink` as they are decoded, while nothing waits in the queue: the item is done when it returns
   * true; on false it goes to the queue for the iterator, and so does every later item until the queue is empty again.
   * Handling items at once keeps them from outliving the chunk they came in (less garbage promoted, no await per item).
   */
  setSink(sink: ((item: T | PrimaryKeepalive) => boolean) | undefined): void {
    this.sink = sink;
  }

  /** Sends a status update (the same confirmed LSN) asking the server for a keepalive with its current position. */
  requestReply(): void {
    this.sendStatus(true);
  }

  /** Ends streaming: a last status update, CopyDone, then the connection is closed. Idempotent. */
  async stop(): Promise<void> {
    if (this.closing) return this.finished;
    this.sendStatus(false);
    this.closing = true;
    this.stopStatusTimer();
    this.resume();
    try {
      if (!this.ended) {
        this.connection.endCopyFrom();
        await Promise.race([this.finished, new Promise<void>((resolve) => this.clock.setTimeout(resolve, 5000))]);
      }
    } finally {
      this.end(undefined);
      await this.client.end().catch(() => undefined);
    }
  }

  /** The next queued item, left in the queue (between reads of the iterator, which takes from the same queue). */
  peek(): T | PrimaryKeepalive | undefined {
    return this.queue.peek();
  }

  /** Takes the next queued item without waiting (between reads of the iterator). */
  shift(): T | PrimaryKeepalive | undefined {
    const item = this.queue.shift();
    if (this.paused && this.queue.length <= this.low) this.resume();
    return item;
  }

  /** Yields decoded items and keepalives in order; ends after stop(), throws when the stream fails. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T | PrimaryKeepalive> {
    for (;;) {
      const item = this.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.failure !== undefined) throw this.failure;
      if (this.ended || this.closing) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** The error that ended the stream, if any. */
  get error(): Error | undefined {
    return this.failure;
  }

  private receive(chunk: Buffer): void {
    if (this.ended || this.closing) return;
    try {
      const frame = parseReplicationFrame(chunk);
      if (frame.walEnd > this.walEnd) this.walEnd = frame.walEnd;
      if (frame.kind === 'keepalive') {
        this.stats.keepalives += 1;
        if (frame.replyRequested) this.sendStatus(false);
        this.offer(frame);
        return;
      }
      this.stats.frames += 1;
      const item = this.options.decode(frame);
      if (item !== undefined) this.offer(item);
    } catch (error) {
      this.end(error);
      void this.stop();
    }
  }

  private offer(item: T | PrimaryKeepalive): void {
    if (this.sink !== undefined && this.queue.length === 0 && this.sink(item)) return;
    this.push(item);
  }

  private push(item: T | PrimaryKeepalive): void {
    this.queue.push(item);
    const queued = this.queue.length;
    if (queued > this.stats.maxQueued) this.stats.maxQueued = queued;
    // Items of the chunk being parsed still arrive after pause(): the flag keeps us from pausing again per item.
    if (!this.paused && queued >= this.high) {
      this.paused = true;
      this.stats.pauses += 1;
      this.connection.stream.pause();
    }
    this.notify();
  }

  private resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.connection.stream.resume();
  }

  private sendStatus(replyRequested: boolean): void {
    if (this.ended || this.closing) return;
    this.stats.statusUpdates += 1;
    this.connection.sendCopyFromChunk(
      encodeStandbyStatusUpdate(this.confirmed, { nowMs: this.clock.now(), replyRequested }),
    );
  }

  private end(error: unknown): void {
    if (error !== undefined && this.failure === undefined && !this.closing)
      this.failure = error instanceof Error ? error : new Error(`Replication failed: ${JSON.stringify(error)}`);
    this.ended = true;
    this.stopStatusTimer();
    this.connection.off('copyData', this.onCopyData);
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
