import type { Logger, RecordMessage, SchemaMessage } from '@pgsinger/singer';
import { createHash } from 'node:crypto';
import type { TargetSettings } from './config';
import { InputError } from './errors';
import { flushReason, type FlushLimits } from './flush-policy';
import { Batch } from './load/batch';
import { collectGarbage } from './load/collect-garbage';
import { checkRecordDepth } from './load/json-depth';
import type { ConnectionPool } from './load/connection-pool';
import { compileRowEncoder, type EncodedRow, type RowEncoder } from './load/encode-row';
import { compileLineEncoder, type LineEncoder } from './load/line-encoder';
import { loadBatch, type LoadTarget } from './load/load-batch';
import type { TypeResolver } from './schema/resolve-types';
import { planStream } from './schema/plan-stream';
import { prepareTable } from './schema/prepare-table';
import type { TableClaims } from './table-claims';
import { compileRecordValidator, type RecordValidator } from './record-validator';
import type { FlushTicket } from './state-tracker';

/** What every sink shares. */
export interface SinkContext {
  readonly settings: TargetSettings;
  readonly pool: ConnectionPool;
  readonly types: TypeResolver;
  readonly logger: Logger;
  readonly now: () => number;
  readonly claims?: TableClaims; // this run's destination tables: two streams on one are refused
}

/** How a sink tells the target that a load was handed out and that it committed. */
export interface SinkHooks {
  dispatched(): FlushTicket;
  committed(ticket: FlushTicket): void;
}

/** One stream: its table, compiled encoder, the batch filling and the one batch loading. */
export class StreamSink {
  private target: LoadTarget | undefined;
  private encoder: RowEncoder | undefined;
  private validator: RecordValidator | undefined;
  /** The fast path's encoder for RECORD lines of this stream (none when records must be validated). */
  lineEncoder: LineEncoder | undefined;
  private batch = new Batch(true);
  private loading: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private maybeEmpty = true; // keep trying a direct COPY until one hits an existing key
  private schemaText = '';
  private lastFlushAt = 0;
  private batchedAt = { second: -1, text: '' };
  /** Records received, and handed to loads, in arrival order. */
  received = 0;
  dispatched = 0;
  committed = 0;

  constructor(
    readonly stream: string,
    private readonly ctx: SinkContext,
    private readonly hooks: SinkHooks,
  ) {
    this.lastFlushAt = ctx.now();
  }

  /** True when the message describes the same schema and keys as the one in force. */
  sameSchema(message: SchemaMessage): boolean {
    return this.schemaText === JSON.stringify([message.schema, message.key_properties]);
  }

  /** Creates or evolves the table for a SCHEMA (call drain() first when rows are buffered). */
  async applySchema(message: SchemaMessage, lineNumber: number): Promise<void> {
    const config = this.ctx.settings.config;
    const plan = planStream(message, lineNumber, this.ctx.settings);
    this.ctx.claims?.claim(plan.name, this.stream, lineNumber);
    const { name, keys } = plan;
    const now = new Date(this.ctx.now());
    const synced = await this.ctx.pool.use((client) =>
      prepareTable(client, plan, { types: this.ctx.types, logger: this.ctx.logger, now }),
    );
    const signature = createHash('sha256')
      .update(JSON.stringify([name.schema, name.table, synced.columns.map((c) => [c.name, c.type])]))
      .digest('hex');
    this.target = {
      stream: this.stream,
      schema: name.schema,
      table: name.table,
      columns: synced.columns,
      keys,
      hasKeyConstraint: synced.hasKeyConstraint,
      stagingName: `pgs_stage_${signature.slice(0, 16)}`,
    };
    const names = synced.columns.map((c) => c.name);
    const deletedAt = config.hard_delete ? names.indexOf('_sdc_deleted_at') : -1;
    const encoderOptions = {
      columns: synced.columns,
      keyIndexes: keys.map((k) => names.indexOf(k)),
      deletedAtIndex: deletedAt >= 0 ? deletedAt : undefined,
    };
    this.encoder = compileRowEncoder(encoderOptions);
    this.validator = config.validate_records ? compileRecordValidator(this.stream, plan.schema) : undefined;
    this.lineEncoder = this.validator ? undefined : compileLineEncoder(encoderOptions, this.ctx.now);
    this.batch = new Batch(keys.length > 0);
    this.schemaText = JSON.stringify([message.schema, message.key_properties]);
  }

  /** Encodes and buffers one record; later records with the same key replace it. */
  add(message: RecordMessage, lineNumber: number): void {
    const encoder = this.encoder;
    if (encoder === undefined)
      throw new InputError(
        `line ${lineNumber}: RECORD for stream ${this.stream} before its SCHEMA`,
        'RECORD_BEFORE_SCHEMA',
        'the tap must send SCHEMA first',
      );
    checkRecordDepth(message.record, this.stream, lineNumber);
    this.validator?.(message.record, lineNumber);
    const row = encoder(message.record, {
      timeExtracted: message.time_extracted,
      batchedAt: this.batchedAtText(),
      version: message.version,
    });
    this.addEncoded(row, lineNumber);
  }

  /** Buffers one encoded row (from add or the fast path); later rows with the same key replace it. */
  addEncoded(row: EncodedRow, lineNumber: number): void {
    if (row.keyMissing) {
      throw new InputError(
        `line ${lineNumber}: stream ${this.stream}: record has no value for key properties ${JSON.stringify(this.target?.keys ?? [])}`,
        'RECORD_KEY_MISSING',
        'every record must carry its key properties',
      );
    }
    this.batch.add(row, lineNumber, this.ctx.now());
    this.received++;
  }

  private batchedAtText(): string {
    const ms = this.ctx.now();
    const second = Math.floor(ms / 1000);
    if (second !== this.batchedAt.second) this.batchedAt = { second, text: new Date(second * 1000).toISOString() };
    return this.batchedAt.text;
  }

  /** The reason the batch must be flushed now, if any. */
  due(limits: FlushLimits): string | undefined {
    return flushReason(
      {
        size: this.batch.size,
        bytes: this.batch.bytes,
        firstAt: this.batch.firstAt,
        lastFlushAt: this.lastFlushAt,
        loading: this.inFlight > 0,
      },
      limits,
      this.ctx.now(),
    );
  }

  /** Hands the batch to a load (after the previous load of this stream); returns the load's promise. */
  async flush(): Promise<void> {
    const target = this.target;
    if (target === undefined || this.batch.size === 0) return this.loading;
    const batch = this.batch;
    this.batch = new Batch(batch.keyed);
    this.lastFlushAt = this.ctx.now();
    this.dispatched += batch.received;
    const ticket = this.hooks.dispatched();
    this.inFlight++;
    this.loading = this.loading.then(async () => {
      const started = Date.now();
      const tryDirect = this.maybeEmpty;
      const result = await this.ctx.pool
        .use((client) => loadBatch(client, target, batch, { tryDirect }))
        .finally(() => {
          this.inFlight--;
          batch.release();
          collectGarbage();
        });
      if (result.directRefused) this.maybeEmpty = false;
      const how = result.direct ? ' (direct COPY)' : '';
      const deleted = result.deleted > 0 ? `, deleted ${result.deleted}` : '';
      this.ctx.logger.info(
        `${this.stream}: loaded ${result.rows} rows${deleted} into ${target.schema}.${target.table}${how} in ${Date.now() - started} ms`,
      );
      const tags = { endpoint: this.stream, table: `${target.schema}.${target.table}` };
      this.ctx.logger.metric({ type: 'counter', metric: 'record_count', value: result.rows, tags });
      this.ctx.logger.metric({ type: 'timer', metric: 'job_duration', value: (Date.now() - started) / 1000, tags });
      this.committed += batch.received;
      this.hooks.committed(ticket);
    });
    return this.loading;
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

  /** The loaded table (after the first SCHEMA). */
  get table(): LoadTarget | undefined {
    return this.target;
  }
}
