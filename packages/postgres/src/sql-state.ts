/** SQLSTATE codes the packages react to, keyed by PostgreSQL's condition names (Appendix A of its manual). */
export const SqlState = {
  successful_completion: '00000',
  connection_exception: '08000',
  connection_failure: '08006',
  protocol_violation: '08P01',
  feature_not_supported: '0A000',
  cardinality_violation: '21000',
  data_exception: '22000',
  string_data_right_truncation: '22001',
  numeric_value_out_of_range: '22003',
  invalid_datetime_format: '22007',
  datetime_field_overflow: '22008',
  character_not_in_repertoire: '22021',
  invalid_parameter_value: '22023',
  invalid_text_representation: '22P02',
  untranslatable_character: '22P05',
  not_null_violation: '23502',
  foreign_key_violation: '23503',
  unique_violation: '23505',
  check_violation: '23514',
  read_only_sql_transaction: '25006',
  in_failed_sql_transaction: '25P02',
  idle_in_transaction_session_timeout: '25P03',
  invalid_authorization_specification: '28000',
  invalid_password: '28P01',
  dependent_objects_still_exist: '2BP01',
  invalid_catalog_name: '3D000',
  invalid_schema_name: '3F000',
  serialization_failure: '40001',
  deadlock_detected: '40P01',
  syntax_error: '42601',
  insufficient_privilege: '42501',
  name_too_long: '42622',
  duplicate_column: '42701',
  undefined_column: '42703',
  undefined_object: '42704',
  duplicate_object: '42710',
  wrong_object_type: '42809',
  undefined_function: '42883',
  undefined_table: '42P01',
  duplicate_database: '42P04',
  duplicate_schema: '42P06',
  duplicate_table: '42P07',
  too_many_connections: '53300',
  disk_full: '53100',
  out_of_memory: '53200',
  configuration_limit_exceeded: '53400',
  program_limit_exceeded: '54000',
  object_not_in_prerequisite_state: '55000',
  object_in_use: '55006',
  lock_not_available: '55P03',
  query_canceled: '57014',
  admin_shutdown: '57P01',
  crash_shutdown: '57P02',
  cannot_connect_now: '57P03',
  undefined_file: '58P01',
} as const;

/** A condition name of SqlState. */
export type SqlStateName = keyof typeof SqlState;

/** The five-character SQLSTATE of a server error, or undefined for anything else (network errors, plain Errors). */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  // Node's socket errors carry a code too (EPIPE has five letters, like a SQLSTATE), and a syscall.
  if ('syscall' in error) return undefined;
  const code = error.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Whether an error is a server error with the given condition. */
export function isSqlState(error: unknown, name: SqlStateName): boolean {
  return sqlState(error) === SqlState[name];
}
