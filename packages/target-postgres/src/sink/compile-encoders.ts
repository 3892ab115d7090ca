import type { TargetConfig } from '../config';
import type { BatchedAt } from '../encode/batched-at';
import { compileRowEncoder, type RowEncoder } from '../encode/encode-row';
import { compileLineEncoder, type LineEncoder } from '../encode/line-encoder';
import { compileRecordValidator, type RecordValidator } from '../input/record-validator';
import type { StreamTable } from '../stream-table';

/** A stream's compiled record handling for the table in force. */
export interface StreamEncoders {
  /** Parsed records (the generic path). */
  readonly encoder: RowEncoder;
  /** Checks parsed records against the schema (`validate_records`). */
  readonly validator: RecordValidator | undefined;
  /** RECORD lines as bytes (the fast path): none when records are validated or columns flattened. */
  readonly lineEncoder: LineEncoder | undefined;
}

/** Compiles the encoders (and validator) of a stream's table once per SCHEMA. */
export function compileEncoders(
  table: StreamTable,
  schema: object,
  config: Pick<TargetConfig, 'hard_delete' | 'validate_records'>,
  batchedAt: BatchedAt,
): StreamEncoders {
  const names = table.columns.map((c) => c.name);
  const deletedAt = config.hard_delete ? names.indexOf('_sdc_deleted_at') : -1;
  const options = {
    columns: table.columns,
    keyIndexes: table.keys.map((k) => names.indexOf(k)),
    deletedAtIndex: deletedAt >= 0 ? deletedAt : undefined,
  };
  const validator = config.validate_records ? compileRecordValidator(table.stream, schema) : undefined;
  return {
    encoder: compileRowEncoder(options),
    validator,
    lineEncoder: validator === undefined ? compileLineEncoder(options, batchedAt) : undefined,
  };
}
