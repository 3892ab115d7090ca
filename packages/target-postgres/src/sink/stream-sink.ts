import type { Clock, Logger, RecordMessage, SchemaMessage } from '@pgsinger/singer';
import { Batch } from '../batch/batch';
import type { ActivateVersionMode, TargetSettings } from '../config';
import { keyMissingError, recordBeforeSchemaError } from '../errors';
import { BatchedAt } from '../encode/batched-at';
import type { EncodedRow } from '../encode/encoded-row';
import type { RowEncoder } from '../encode/encode-row';
import type { LineEncoder } from '../encode/line-encoder';
import type { SqlTextReader } from '../encode/sql-text';
import { checkRecordDepth } from '../input/json-depth';
import type { RecordFields } from '../input/record-fields';
import type { RecordValidator } from '../input/record-validator';
import type { EnvelopeSpans } from '../input/span';
import { activateVersion } from '../load/activate-version';
import { collectGarbage } from '../load/collect-garbage';
import type { ConnectionPool } from '../load/connection-pool';
import { loadBatch } from '../load/load-batch';
import type { LoadAccess } from '../load-access';
import { planStream } from '../schema/plan-stream';
import { prepareTable } from '../schema/prepare-table';
import type { TypeResolver } from '../schema/resolve-types';
import type { TableClaims } from '../schema/table-claims';
import type { FlushTicket } from '../state/state-tracker';
import type { StreamTable } from '../stream-table';
import { compileEncoders } from './compile-encoders';
import { flushReason, type FlushLimits } from './flush-policy';
import { logLoad } from './log-load';
import { tableStatementError, type StatementPlace } from './table-statement-error';

/** What every sink shares. */
export interface SinkContext {
  readonly settings: TargetSettings;
  readonly pool: ConnectionPool;
  readonly types: TypeResolver;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly claims?: TableClaims; // this run's destination tables: two streams on one are refused
  /** The loading role and the privileges its loads use (for the fix of a privilege error). */
  readonly access: LoadAccess;
}

/** How a sink tells the message loop that a load was handed out and that it committed. */
export interface SinkHooks {
  /** A load of every record of `stream` not yet handed out was dispatched. */
  dispatched(stream: string): FlushTicket;
  committed(ticket: FlushTicket): void;
}

/**
 * One stream, from its SCHEMA to its committed loads: the table, the compiled encoders, the batch filling and the
 * one batch loading. Records go in by `add` (parsed) or `addLine` (the fast path), both ending in the batch.
 */
export class StreamSink {
  private target: StreamTable | undefined;
  private encoder: RowEncoder | undefined;
  private validator: RecordValidator | undefined;
  private lineEncoder: LineEncoder | undefined;
  private sqlText: SqlTextReader | undefined;
  /** The fast path's view of this stream's records (none when they must be validated or are flattened). */
  fields: RecordFields | undefined;
  private readonly batchedAt: BatchedAt;
  private batch = new Batch(true);
  private loading: Promise<void> = Promise.resolve();
  /** Settles when the stream may hand out another load (see `roomForLoad`). */
  private room: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private maybeEmpty = true; // keep trying a direct COPY until one hits an existing key
  private schemaText = '';
  private lastFlushAt = 0;
  private skipping = false;
  /** The input line being handled (for warnings of the encoders and the validator). */
  private lineNumber = 0;

  constructor(
    readonly stream: string,
    private readonly ctx: SinkContext,
    private readonly hooks: SinkHooks,
  ) {
    this.lastFlushAt = ctx.clock.now();
    this.batchedAt = new BatchedAt(ctx.clock);
  }

  /** True when the message describes the same schema and keys as the one in force. */
  sameSchema(message: SchemaMessage): boolean {
    return this.schemaText === JSON.stringify([message.schema, message.key_properties]);
  }

  /** Creates or evolves the table for a SCHEMA and compiles the encoders (call drain() first when rows are buffered). */
  async applySchema(message: SchemaMessage, lineNumber: number): Promise<void> {
    const { settings, claims, pool, types, logger, clock } = this.ctx;
    this.lineNumber = lineNumber;
    const plan = planStream(message, lineNumber, settings);
    claims?.claim(plan.name, this.stream, lineNumber);
    const now = new Date(clock.now());
    const table = await pool
      .use((client) => prepareTable(client, plan, { types, logger, now }))
      .catch((error: unknown) => {
        throw tableStatementError(error, this.where(lineNumber, 'creating or changing its table'), plan.name);
      });
    const warn = (message: string): void => logger.warn(`line ${this.lineNumber}: ${message}`);
    const encoders = compileEncoders(table, plan.schema, settings.config, this.batchedAt, warn, lineNumber);
    this.target = table;
    this.encoder = encoders.encoder;
    this.sqlText = encoders.sqlText;
    this.validator = encoders.validator;
    this.lineEncoder = encoders.lineEncoder;
    this.fields = encoders.lineEncoder?.fields;
    this.batch = new Batch(table.keys.length > 0);
    this.schemaText = JSON.stringify([message.schema, message.key_properties]);
  }

  /** Checks, encodes and buffers one parsed record; later records with the same key replace it. */
  add(message: RecordMessage, lineNumber: number): void {
    // Noted by the state tracker, never loaded: no state after it is printed.
    if (this.skipping) return;
    const encoder = this.encoder;
    if (encoder === undefined) throw recordBeforeSchemaError(this.stream, lineNumber);
    this.lineNumber = lineNumber;
    checkRecordDepth(message.record, this.stream, lineNumber);
    this.validator?.(message.record, lineNumber);
    const row = encoder(message.record, {
      timeExtracted: message.time_extracted,
      batchedAt: this.batchedAt.text(),
      version: message.version,
      sqlText: this.sqlText?.fields(message['x-sql-text']),
    });
    this.keep(row, lineNumber);
  }

  /** Encodes and buffers the RECORD line the fast path just read (its spans are in `fields` and `envelope`). */
  addLine(line: Buffer, envelope: EnvelopeSpans, lineNumber: number): void {
    this.lineNumber = lineNumber;
    this.keep(this.lineEncoder!.finish(line, envelope), lineNumber);
  }

  /** Buffers one encoded row; a later row with the same key replaces it. */
  private keep(row: EncodedRow, lineNumber: number): void {
    if (row.keyMissing) throw keyMissingError(this.stream, this.target?.keys ?? [], lineNumber);
    this.batch.add(row, lineNumber, this.ctx.clock.now());
  }

  /** From now on records are read and dropped (the destination cannot take them; the run fails at its end). */
  skipRecords(): void {
    this.skipping = true;
  }

  /** The reason the batch must be flushed now, if any. */
  due(limits: FlushLimits): string | undefined {
    const { size, bytes, firstAt } = this.batch;
    const view = { size, bytes, firstAt, lastFlushAt: this.lastFlushAt, loading: this.inFlight > 0 };
    return flushReason(view, limits, this.ctx.clock.now());
  }

  /** Hands the batch to a load (after the previous load of this stream); returns the load's promise. */
  async flush(): Promise<void> {
    const target = this.target;
    if (target === undefined || this.batch.size === 0) return this.loading;
    const batch = this.batch;
    this.batch = new Batch(batch.keyed);
    this.lastFlushAt = this.ctx.clock.now();
    const ticket = this.hooks.dispatched(this.stream);
    this.inFlight++;
    const previous = this.loading;
    const load = (after?: Promise<boolean>): Promise<void> =>
      this.load(target, batch, ticket, after).finally(() => {
        this.inFlight--;
        batch.release();
        collectGarbage();
      });
    // A merge into a table that already holds rows (keys, no direct COPY to try) fills its staging table on another
    // connection while the previous load merges, so the server parses one batch while it merges the one before; the
    // merge itself still waits, so loads commit in order. Direct COPYs wait for the previous load as a whole.
    const overlap = !this.maybeEmpty && target.keys.length > 0 && this.ctx.pool.size > 1;
    if (overlap) {
      // A failure surfaces once the previous load settled: its own error first, else this one's.
      this.loading = load(
        previous.then(
          () => true,
          () => false,
        ),
      ).catch(async (error: unknown) => {
        await previous;
        throw error;
      });
    } else {
      this.loading = previous.then(() => load());
    }
    this.room = overlap ? previous : this.loading;
    return this.loading;
  }

  private async load(target: StreamTable, batch: Batch, ticket: FlushTicket, after?: Promise<boolean>): Promise<void> {
    const started = this.ctx.clock.now();
    const tryDirect = this.maybeEmpty;
    const result = await this.ctx.pool.use((client) =>
      loadBatch(client, target, batch, { tryDirect, access: this.ctx.access, after }),
    );
    if (result.directRefused) this.maybeEmpty = false;
    logLoad(this.ctx.logger, target, result, this.ctx.clock.now() - started);
    if (after !== undefined) await after; // the previous load's ticket first
    this.hooks.committed(ticket);
  }

  /** ACTIVATE_VERSION: loads what is buffered, then marks or deletes the rows of older versions. */
  async activateVersion(version: number, mode: ActivateVersionMode, lineNumber: number): Promise<void> {
    const table = this.target;
    if (mode === 'ignore' || table === undefined) return;
    await this.drain();
    const changed = await this.ctx.pool
      .use((client) => activateVersion(client, table, version, mode))
      .catch((error: unknown) => {
        throw tableStatementError(error, this.where(lineNumber, `ACTIVATE_VERSION ${version} (${mode})`), table);
      });
    this.ctx.logger.info(`${this.stream}: ACTIVATE_VERSION ${version} (${mode}): ${changed} older rows`);
  }

  /** What a statement on the stream's table was doing, for its error. */
  private where(lineNumber: number, doing: string): StatementPlace {
    return { stream: this.stream, lineNumber, doing, access: this.ctx.access };
  }

  /**
   * Backpressure: settles when another batch may be handed out — every load done, or, while loads overlap, all but
   * the last (one merging, one staged, one filling at most).
   */
  roomForLoad(): Promise<void> {
    return this.room;
  }

  /** Waits for the load in progress, when there is one, without starting a new one. */
  async settled(): Promise<void> {
    await this.loading;
  }

  /** Flushes what is buffered and waits until every load of this stream is committed. */
  async drain(): Promise<void> {
    await this.flush();
    await this.loading;
  }
}
