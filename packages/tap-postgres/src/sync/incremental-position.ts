import type { TemporalFormat } from '../config';
import type { SqlType } from '../discovery/sql-type';
import type { TypedColumn } from '../stream/resolved-stream';
import { convertValue } from '../values/value-converter';
import type { IncrementalStart } from './incremental-query';
import { keyPointOf } from './key-point';
import type { IncrementalPoint } from './keyset-state';
import type { RawRow } from './raw-row';

/** What an IncrementalPosition follows. */
export interface PositionOptions {
  readonly keyType: SqlType;
  /** How the stream's records spell dates and times: its bookmark spells the key the same way. */
  readonly temporalFormat?: TemporalFormat;
  readonly keyIndex: number;
  /** Primary key columns and their indexes in the row (empty: the bookmark is the key value alone). */
  readonly tieBreakers: readonly TypedColumn[];
  readonly tieIndexes: readonly number[];
  /** The bookmark's `replication_key_value` the run started from, and where that is. */
  readonly startValue?: unknown;
  readonly start?: IncrementalStart;
  /** The run's snapshot xmin (64-bit text). */
  readonly snapshotXmin: string;
  /** Index of the query's trailing "after the start" column, when it has one. */
  readonly pastStartIndex?: number;
}

/**
 * Where an INCREMENTAL run stands (pure). After each fetch: the last row sent, with the run's snapshot xmin — every
 * row up to it that this snapshot sees has been sent. Rows re-read at the start's value come first and lie before the
 * start; when the query ends without reaching `limit`, all of them were read, so the run stands at least at its start.
 */
export class IncrementalPosition {
  private pastStart: boolean;

  constructor(private readonly options: PositionOptions) {
    this.pastStart = options.pastStartIndex === undefined;
  }

  /** The columns `after` reads: the key, the tie-breakers and the trailing "after the start" column. */
  get columns(): number[] {
    const { keyIndex, tieIndexes, pastStartIndex } = this.options;
    return [keyIndex, ...tieIndexes, ...(pastStartIndex === undefined ? [] : [pastStartIndex])];
  }

  /** Where the run stands once the rows up to `last` were sent; undefined when nothing moved (no row). */
  after(last: RawRow | undefined): IncrementalPoint | undefined {
    if (last === undefined) return undefined;
    const { keyType, keyIndex, tieBreakers, tieIndexes, pastStartIndex, temporalFormat } = this.options;
    if (pastStartIndex !== undefined && last[pastStartIndex] === 't') this.pastStart = true;
    const value = bookmarkValue(keyType, last[keyIndex] ?? '', temporalFormat);
    if (tieBreakers.length === 0) return { value };
    return { value, tie: { pk: keyPointOf(last, tieBreakers, tieIndexes), xmin: this.xmin() } };
  }

  /** Where the run stands when the query ran out before `limit` rows; undefined when `after` says it all. */
  exhausted(): IncrementalPoint | undefined {
    const { start, startValue, tieBreakers } = this.options;
    if (this.pastStart || start?.after === undefined) return undefined;
    const pk = keyPointOf(
      start.after,
      tieBreakers,
      tieBreakers.map((_, i) => i),
    );
    return { value: startValue, tie: { pk, xmin: this.xmin() } };
  }

  private xmin(): number {
    return Number(this.options.snapshotXmin);
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
