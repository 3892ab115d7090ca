import type { Bookmark } from '@pgsinger/singer';
import type { TemporalFormat } from '../config';
import type { SqlType } from '../discovery/sql-type';
import type { TypedColumn } from '../stream/resolved-stream';
import { convertValue } from '../values/value-converter';
import type { IncrementalStart } from './incremental-query';
import { keyPointOf } from './key-point';
import type { RawRow } from './read-batches';

/** Bookmark key of the tie-breaker: the primary key of the last row sent, `{ <key column>: <its text> }`. */
export const TIE_BREAKER_KEY = 'replication_key_pk';
/** Bookmark key of the 64-bit snapshot xmin of the run that sent that row: rows at its value written later are re-read. */
export const TIE_XMIN_KEY = 'replication_key_xmin';

/** What an IncrementalPosition follows. */
export interface PositionOptions {
  readonly keyType: SqlType;
  /** How the stream's records spell dates and times: its bookmark spells the key the same way. */
  readonly temporalFormat?: TemporalFormat;
  readonly keyIndex: number;
  /** Primary key columns and their indexes in the row (empty: the bookmark is the key value alone). */
  readonly tieBreakers: readonly TypedColumn[];
  readonly tieIndexes: readonly number[];
  /** The bookmark the run started from, and where that is. */
  readonly bookmark: Bookmark;
  readonly start?: IncrementalStart;
  /** The run's snapshot xmin (64-bit text). */
  readonly snapshotXmin: string;
  /** Index of the query's trailing "after the start" column, when it has one. */
  readonly pastStartIndex?: number;
}

/**
 * Where an INCREMENTAL run stands, as bookmark fields (pure). After each fetch: the last row sent, with the run's
 * snapshot xmin — every row up to it that this snapshot sees has been sent. Rows re-read at the start's value come
 * first and lie before the start; when the query ends without reaching `limit`, all of them were read, so the run
 * stands at least at its start.
 */
export class IncrementalPosition {
  private pastStart: boolean;

  constructor(private readonly options: PositionOptions) {
    this.pastStart = options.pastStartIndex === undefined;
  }

  /** The bookmark fields once `rows` (a fetch, in order) were sent. */
  after(rows: readonly RawRow[]): Bookmark {
    if (rows.length === 0) return {};
    const { keyType, keyIndex, tieBreakers, tieIndexes, pastStartIndex, temporalFormat } = this.options;
    const last = rows[rows.length - 1];
    if (pastStartIndex !== undefined && last[pastStartIndex] === 't') this.pastStart = true;
    return {
      replication_key_value: bookmarkValue(keyType, last[keyIndex] ?? '', temporalFormat),
      ...(tieBreakers.length === 0
        ? {}
        : { [TIE_BREAKER_KEY]: keyPointOf(last, tieBreakers, tieIndexes), ...this.xmin() }),
    };
  }

  /** The bookmark fields when the query ran out before `limit` rows. */
  exhausted(): Bookmark {
    if (this.pastStart || this.options.start?.after === undefined) return {};
    const { bookmark } = this.options;
    return {
      replication_key_value: bookmark.replication_key_value,
      [TIE_BREAKER_KEY]: bookmark[TIE_BREAKER_KEY],
      ...this.xmin(),
    };
  }

  private xmin(): Bookmark {
    return { [TIE_XMIN_KEY]: Number(this.options.snapshotXmin) };
  }
}

/**
 * The bookmark as pipelinewise stores it (the record's value); numbers a JSON parser would round, and values the
 * record cannot carry (NaN, a clamped date), stay PostgreSQL's text.
 */
export function bookmarkValue(type: SqlType, text: string, temporalFormat?: TemporalFormat): unknown {
  const value = convertValue(type, text, temporalFormat);
  if (typeof value === 'number' && String(value) !== text) return text;
  return value;
}
