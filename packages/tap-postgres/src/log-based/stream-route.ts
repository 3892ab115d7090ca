import type { CatalogEntry, Logger } from '@pgsinger/singer';
import type { ClientBase } from 'pg';
import type { TapConfig } from '../config';
import type { ColumnValues, Lsn } from '../replication';
import { loadStreams } from '../stream/load-streams';
import type { ResolvedStream } from '../stream/resolved-stream';
import { compileChangeSerializer, type ChangeSerializer } from './change-record';
import { logBasedStream } from './log-based-schema';

/** One LOG_BASED stream while streaming: its SCHEMA, version, serializer and first LSN to apply. */
export class StreamRoute {
  /** Columns seen in changes that are not selected (left out of records). */
  readonly ignored = new Set<string>();
  serializer: ChangeSerializer;

  /** `threshold`: a transaction is applied to this stream when its commit record starts at or after it. */
  constructor(
    public stream: ResolvedStream,
    readonly entry: CatalogEntry,
    readonly threshold: Lsn,
    public version: number,
    private readonly timeExtracted: string,
  ) {
    this.serializer = compileChangeSerializer(stream, version, timeExtracted, this.ignored);
  }

  /** The stream's id. */
  get id(): string {
    return this.stream.tapStreamId;
  }

  /** Switches to a new table version (after a TRUNCATE). */
  setVersion(version: number): void {
    this.version = version;
    this.serializer = compileChangeSerializer(this.stream, version, this.timeExtracted, this.ignored);
  }

  /**
   * Re-reads the table after changes carried columns the stream does not know: new columns are added (selected),
   * unselectable or deselected ones are ignored from then on. True when the SCHEMA changed.
   */
  async refresh(client: ClientBase, names: readonly string[], config: TapConfig, logger: Logger): Promise<boolean> {
    const properties = { ...(this.entry.schema.properties ?? {}) } as Record<string, unknown>;
    const restrict = Object.keys(properties).length > 0;
    if (restrict) for (const name of names) properties[name] ??= {};
    const entry = { ...this.entry, schema: { ...this.entry.schema, properties } } as CatalogEntry;
    const loaded = await loadStreams(client, [entry], {
      logger,
      ...(config.default_replication_method === undefined ? {} : { defaultMethod: config.default_replication_method }),
    });
    if (loaded.failures.length > 0) throw loaded.failures[0].error;
    const fresh = loaded.streams[0];
    const known = new Set(fresh.columns.map((column) => column.name));
    const added = names.filter((name) => known.has(name) && !this.stream.columns.some((c) => c.name === name));
    for (const name of names) if (!known.has(name)) this.ignored.add(name);
    if (added.length > 0) {
      logger.info(`${this.id}: new column(s) ${added.join(', ')}: sending a new SCHEMA`);
      this.stream = logBasedStream(fresh, config.debug_lsn);
    }
    this.serializer = compileChangeSerializer(this.stream, this.version, this.timeExtracted, this.ignored);
    return added.length > 0;
  }

  /** Whether the values hold a column this stream has not decided about yet. */
  unknownColumns(values: ColumnValues): string[] | undefined {
    return this.serializer.unknownColumns(values);
  }
}
