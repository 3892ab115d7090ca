import type { TargetConfig } from '../config';
import type { BatchedAt } from '../encode/batched-at';
import { deletedAtText } from '../encode/deleted-at';
import { compileRowEncoder, type RowEncoder } from '../encode/encode-row';
import { compileLineEncoder, type LineEncoder } from '../encode/line-encoder';
import { SqlTextReader } from '../encode/sql-text';
import { compileRecordValidator, type RecordValidator, type ValidatorWarn } from '../input/record-validator';
import type { StreamTable } from '../stream-table';

/** A stream's compiled record handling for the table in force. */
export interface StreamEncoders {
  /** Parsed records (the generic path). */
  readonly encoder: RowEncoder;
  /** Checks parsed records against the schema (`validate_records`). */
  readonly validator: RecordValidator | undefined;
  /** RECORD lines as bytes (the fast path): none when records are validated or columns flattened. */
  readonly lineEncoder: LineEncoder | undefined;
  /** Reads records' `x-sql-text` (both paths). */
  readonly sqlText: SqlTextReader;
}

/** Compiles the encoders (and validator) of a stream's table once per SCHEMA. */
export function compileEncoders(
  table: StreamTable,
  schema: object,
  config: Pick<TargetConfig, 'hard_delete' | 'validate_records'>,
  batchedAt: BatchedAt,
  warn: ValidatorWarn,
  lineNumber: number,
): StreamEncoders {
  const names = table.columns.map((c) => c.name);
  const deletedAt = config.hard_delete ? names.indexOf('_sdc_deleted_at') : -1;
  const deletedAtColumn = table.columns.find((c) => c.source === 'deleted_at');
  const options = {
    columns: table.columns,
    keyIndexes: table.keys.map((k) => names.indexOf(k)),
    deletedAtIndex: deletedAt >= 0 ? deletedAt : undefined,
    // A timestamp column reads other taps' spellings; pipelinewise's varchar column keeps the text as sent.
    deletedAtText: deletedAtColumn?.type.startsWith('timestamp')
      ? deletedAtText({ loadTime: () => batchedAt.text(), warn: (m) => warn(`stream ${table.stream}: ${m}`) })
      : undefined,
  };
  const validator = config.validate_records
    ? compileRecordValidator(table.stream, schema, warn, lineNumber)
    : undefined;
  const sqlText = new SqlTextReader(table.stream, table.columns, warn);
  return {
    encoder: compileRowEncoder(options),
    validator,
    lineEncoder: validator === undefined ? compileLineEncoder(options, batchedAt, sqlText) : undefined,
    sqlText,
  };
}
