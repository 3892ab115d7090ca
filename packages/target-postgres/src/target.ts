import { parseMessage, readLineBatches, systemClock } from '@pgsinger/singer';
import type { Clock, LineBatch, Logger, MessageWriter, SchemaMessage, SingerMessage } from '@pgsinger/singer';
import type { TargetSettings } from './config';
import { batchUnsupportedError, unknownStreamError } from './errors';
import { parseJsonExact } from './input/parse-json-exact';
import { RecordLineReader } from './input/record-line-reader';
import { StateLineReader } from './input/state-line-reader';
import type { ConnectionPool } from './load/connection-pool';
import { loadAccess } from './load-access';
import { TypeResolver } from './schema/resolve-types';
import { notLoadedError, RelationNotTableError } from './schema/ddl-error';
import { TableClaims } from './schema/table-claims';
import type { FlushLimits } from './sink/flush-policy';
import { StreamSink, type SinkContext, type SinkHooks } from './sink/stream-sink';
import { StateTracker } from './state/state-tracker';
import { StreamActivity } from './state/stream-activity';
import { RawStateValue } from './state/state-value';

const PARSE_OPTIONS = { parseJson: parseJsonExact };
/**
 * Past this many streams holding rows, every one is loaded (10,000 small streams would otherwise keep all their rows
 * until the age flush). STATE messages need no bound: the tracker coalesces them.
 */
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
 * sink, a STATE line its own (`StateLineReader`), any other line is parsed and handled by type. Applies the flush
 * policy and prints the newest STATE whose records are committed (`StateTracker`).
 */
export class Target {
  private readonly sinks = new Map<string, StreamSink>();
  private readonly records = new RecordLineReader(this.sinks);
  private readonly stateLines = new StateLineReader();
  private readonly activity = new StreamActivity<StreamSink>();
  private readonly tracker = new StateTracker();
  private readonly shared: Pick<SinkContext, 'types' | 'claims' | 'access'>;
  private readonly limits: FlushLimits;
  private readonly clock: Clock;
  private failure: { error: unknown } | undefined;
  /** Streams whose destination is not a table: read and skipped (see RelationNotTableError). */
  private readonly refused = new Map<string, RelationNotTableError>();
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
          const pending = this.handleLine(lines, i);
          // Only flushes and DDL return a promise; records and states are handled synchronously.
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
    for (const line of this.tracker.settle()) await this.writeLine(line);
    if (this.refused.size > 0) throw notLoadedError([...this.refused.values()]);
  }

  /** One input line: a plain RECORD or STATE takes its fast path, anything else is parsed in full. */
  private handleLine(lines: LineBatch, i: number): Promise<void> | undefined {
    const lineNumber = lines.lineNumbers[i];
    if (lines.utf8[i]) {
      const line = lines.buffers[i];
      const sink = this.records.read(line, lines.starts[i], lines.ends[i]);
      if (sink !== undefined) return this.addLine(sink, line, lineNumber);
      if (this.stateLines.read(line, lines.starts[i], lines.ends[i])) {
        return void this.tracker.received(
          new RawStateValue(line, this.stateLines.valueStart, this.stateLines.valueEnd),
        );
      }
    }
    return this.handleText(lines.text(i), lineNumber);
  }

  /** A RECORD line the fast path read: encoded from its bytes into the sink's batch. */
  private addLine(sink: StreamSink, line: Buffer, lineNumber: number): Promise<void> | undefined {
    this.noteRecord(sink);
    sink.addLine(line, this.records.envelope, lineNumber);
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
        if (sink === undefined) throw unknownStreamError(message.stream, lineNumber);
        this.noteRecord(sink);
        sink.add(message, lineNumber);
        return this.maybeFlush(sink);
      }
      case 'STATE':
        if (message.value === null) {
          this.deps.logger.warn(`line ${lineNumber}: STATE with a null value ignored (there is no state to print)`);
          return undefined;
        }
        // Never a load: the state waits (coalesced) for the loads the batch triggers start.
        this.tracker.received(message.value);
        return undefined;
      case 'SCHEMA':
        return this.handleSchema(message, lineNumber);
      case 'ACTIVATE_VERSION': {
        const sink = this.sinks.get(message.stream);
        if (sink === undefined) {
          // pipelinewise and singer-python targets ignore it too (pipelinewise's own test files hold such lines).
          this.deps.logger.warn(
            `line ${lineNumber}: ACTIVATE_VERSION for stream ${message.stream}, which had no SCHEMA: ignored`,
          );
          return undefined;
        }
        return sink.activateVersion(message.version, this.deps.settings.config.activate_version, lineNumber);
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
    try {
      await sink.applySchema(message, lineNumber);
    } catch (error) {
      if (!(error instanceof RelationNotTableError)) throw error;
      // The streams before and after it still load; the run fails at the end, before any state past its records.
      this.deps.logger.error(`${error.message}; the other streams are loaded — ${error.fix}`);
      sink.skipRecords();
      this.refused.set(message.stream, error);
    }
  }

  /** After a failure: let loads of earlier batches finish (their states get printed); drop the rest. */
  private async settleAfterFailure(): Promise<void> {
    for (const sink of this.sinks.values()) await sink.settled().catch(() => undefined);
    for (const line of this.tracker.settle()) await this.writeLine(line);
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
      // Backpressure: a stream holds at most one batch loading (two while merges overlap) and one filling.
      await s.roomForLoad();
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

  /** Before the record is buffered: a record that fails to buffer still holds back the states after it. */
  private noteRecord(sink: StreamSink): void {
    this.tracker.recordReceived(sink.stream);
    this.activity.noteRecord(sink);
  }

  private readonly hooks: SinkHooks = {
    dispatched: (stream) => this.tracker.dispatch(stream),
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
