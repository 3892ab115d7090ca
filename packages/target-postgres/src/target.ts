import { parseMessage, readLineBatches, systemClock } from '@pgsinger/singer';
import type { Clock, Logger, MessageWriter, SchemaMessage, SingerMessage } from '@pgsinger/singer';
import type { TargetSettings } from './config';
import { batchUnsupportedError, unknownStreamError } from './errors';
import { parseJsonExact } from './input/parse-json-exact';
import { RecordLineReader } from './input/record-line-reader';
import type { ConnectionPool } from './load/connection-pool';
import { loadAccess } from './load-access';
import { TypeResolver } from './schema/resolve-types';
import { TableClaims } from './schema/table-claims';
import type { FlushLimits } from './sink/flush-policy';
import { StreamSink, type SinkContext, type SinkHooks } from './sink/stream-sink';
import { StateTracker, type CountLookup } from './state/state-tracker';
import { StreamActivity } from './state/stream-activity';

const PARSE_OPTIONS = { parseJson: parseJsonExact };
/**
 * Memory bounds that do not depend on the number of streams: past this many STATE messages waiting for their records'
 * loads, or this many streams holding rows, every stream holding rows is loaded (a run of 10,000 small streams
 * would otherwise keep all their rows and a full state per stream until the age flush).
 */
const MAX_PENDING_STATES = 16;
const MAX_BUFFERED_STREAMS = 1000;
/** How often streams are checked for batches past batch_flush_interval (also while input is idle). */
const AGE_CHECK_MS = 1000;

/** What the message loop needs from outside. */
export interface TargetDeps {
  readonly settings: TargetSettings;
  readonly logger: Logger;
  readonly pool: ConnectionPool;
  readonly writer: Pick<MessageWriter, 'writeLine' | 'flush'>;
  readonly signal?: AbortSignal;
  readonly clock?: Clock;
}

/**
 * The message loop: input bytes → lines; a RECORD line takes the fast path (`RecordLineReader`) into its stream's
 * sink, any other line is parsed and handled by type. Applies the flush policy and prints each STATE once its records
 * are committed.
 */
export class Target {
  private readonly sinks = new Map<string, StreamSink>();
  private readonly records = new RecordLineReader(this.sinks);
  private readonly activity = new StreamActivity<StreamSink>();
  private readonly tracker = new StateTracker();
  private readonly shared: Pick<SinkContext, 'types' | 'claims' | 'access'>;
  private readonly limits: FlushLimits;
  private readonly clock: Clock;
  private failure: { error: unknown } | undefined;
  private lastAgeCheck = 0;

  constructor(private readonly deps: TargetDeps) {
    const c = deps.settings.config;
    this.clock = deps.clock ?? systemClock;
    this.shared = { types: new TypeResolver(), claims: new TableClaims(), access: loadAccess(c) };
    this.limits = {
      batchSizeRows: c.batch_size_rows,
      batchSizeBytes: c.batch_size_bytes,
      batchFlushIntervalSeconds: c.batch_flush_interval,
      minTimeGapSeconds: c.batch_flush_min_time_gap,
    };
  }

  /** Reads every message from input, loads them, and prints the final state. */
  async run(input: NodeJS.ReadableStream): Promise<void> {
    const signal = this.deps.signal;
    const stop = (): void => void (input as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    signal?.addEventListener('abort', stop);
    const stopAgeChecks = this.clock.setInterval(() => this.flushAged(), AGE_CHECK_MS);
    try {
      read: for await (const lines of readLineBatches(input)) {
        for (let i = 0; i < lines.length; i++) {
          this.throwIfFailed();
          const lineNumber = lines.lineNumbers[i];
          const line = lines.buffers[i];
          const sink = lines.utf8[i] ? this.records.read(line, lines.starts[i], lines.ends[i]) : undefined;
          const pending =
            sink === undefined ? this.handleText(lines.text(i), lineNumber) : this.addLine(sink, line, lineNumber);
          // Only flushes and DDL return a promise; records are handled synchronously.
          if (pending !== undefined) await pending;
          if (signal?.aborted === true) break read;
        }
      }
    } catch (error) {
      if (signal?.aborted !== true || this.failure !== undefined) {
        await this.settleAfterFailure();
        throw error;
      }
    } finally {
      stopAgeChecks();
      signal?.removeEventListener('abort', stop);
    }
    try {
      this.throwIfFailed();
      for (const sink of this.sinks.values()) this.track(sink.flush());
      for (const sink of this.sinks.values()) await sink.settled();
    } catch (error) {
      await this.settleAfterFailure();
      throw error;
    }
    for (const line of this.tracker.settle(this.counts('committed'))) await this.writeLine(line);
  }

  /** A RECORD line the fast path read: encoded from its bytes into the sink's batch. */
  private addLine(sink: StreamSink, line: Buffer, lineNumber: number): Promise<void> | undefined {
    sink.addLine(line, this.records.envelope, lineNumber);
    this.activity.noteRecord(sink);
    return this.maybeFlush(sink);
  }

  /** A line the fast path left (any message but a plain RECORD, or bytes that are not UTF-8): parsed in full. */
  private handleText(line: string, lineNumber: number): Promise<void> | undefined {
    if (line.trim() === '') return undefined;
    return this.handle(parseMessage(line, lineNumber, PARSE_OPTIONS), lineNumber);
  }

  private handle(message: SingerMessage, lineNumber: number): Promise<void> | undefined {
    switch (message.type) {
      case 'RECORD': {
        const sink = this.sinks.get(message.stream);
        if (sink === undefined) throw unknownStreamError('RECORD', message.stream, lineNumber);
        sink.add(message, lineNumber);
        this.activity.noteRecord(sink);
        return this.maybeFlush(sink);
      }
      case 'STATE':
        this.tracker.received(message.value, this.activity.takeReceivedCounts());
        return this.tracker.pendingCount > MAX_PENDING_STATES ? this.flushNow(this.activity.takeBuffered()) : undefined;
      case 'SCHEMA':
        return this.handleSchema(message, lineNumber);
      case 'ACTIVATE_VERSION': {
        const sink = this.sinks.get(message.stream);
        if (sink === undefined) throw unknownStreamError('ACTIVATE_VERSION', message.stream, lineNumber);
        return sink.activateVersion(message.version, this.deps.settings.config.activate_version);
      }
      case 'BATCH':
        throw batchUnsupportedError(message.stream, lineNumber);
    }
  }

  private async handleSchema(message: SchemaMessage, lineNumber: number): Promise<void> {
    let sink = this.sinks.get(message.stream);
    if (sink?.sameSchema(message)) return;
    if (sink === undefined) {
      sink = new StreamSink(message.stream, { ...this.deps, ...this.shared, clock: this.clock }, this.hooks);
      this.sinks.set(message.stream, sink);
    } else {
      await sink.drain();
    }
    await sink.applySchema(message, lineNumber);
  }

  /** After a failure: let loads of earlier batches finish (their states get printed); drop the rest. */
  private async settleAfterFailure(): Promise<void> {
    for (const sink of this.sinks.values()) await sink.settled().catch(() => undefined);
    for (const line of this.tracker.settle(this.counts('committed'))) await this.writeLine(line);
  }

  private maybeFlush(sink: StreamSink): Promise<void> | undefined {
    if (sink.due(this.limits) === undefined && this.activity.bufferedCount <= MAX_BUFFERED_STREAMS) {
      const now = this.clock.now();
      if (now - this.lastAgeCheck >= AGE_CHECK_MS) {
        this.lastAgeCheck = now;
        this.flushAged();
      }
      return undefined;
    }
    if (this.activity.bufferedCount > MAX_BUFFERED_STREAMS) return this.flushNow(this.activity.takeBuffered());
    return this.flushNow(this.deps.settings.config.flush_all_streams ? [...this.sinks.values()] : [sink]);
  }

  private async flushNow(sinks: readonly StreamSink[]): Promise<void> {
    for (const s of sinks) {
      // Backpressure: a stream holds at most one batch loading and one filling.
      await s.settled();
      this.track(s.flush());
    }
  }

  private flushAged(): void {
    for (const sink of this.sinks.values()) if (sink.due(this.limits) === 'age') this.track(sink.flush());
  }

  private track(load: Promise<void>): void {
    load.catch((error: unknown) => {
      this.failure ??= { error };
    });
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure.error;
  }

  /** Per stream, records handed to loads or committed (looked up only for the streams a state waits for). */
  private counts(which: 'dispatched' | 'committed'): CountLookup {
    return { get: (stream) => this.sinks.get(stream)?.[which] };
  }

  private readonly hooks: SinkHooks = {
    dispatched: () => this.tracker.dispatch(this.counts('dispatched')),
    // Safe even after a failure: a failed load never completes its ticket, so no later state is printed.
    committed: (ticket) => {
      for (const line of this.tracker.complete(ticket)) void this.writeLine(line);
    },
  };

  private async writeLine(line: string): Promise<void> {
    await this.deps.writer.writeLine(line);
    await this.deps.writer.flush();
  }
}
