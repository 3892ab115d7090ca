import { SingerError } from '@pgsinger/singer';

/** Stable codes of ReplicationError. */
export const REPLICATION_ERROR_CODES = [
  'WAL_LEVEL_NOT_LOGICAL',
  'PLUGIN_MISSING',
  'REPLICATION_PRIVILEGE_MISSING',
  'SLOT_MISSING',
  'SLOT_PLUGIN_MISMATCH',
  'SLOT_OTHER_DATABASE',
  'SLOT_NOT_LOGICAL',
  'SLOT_LOST',
  'SLOT_IN_USE',
  'REPLICA_IDENTITY_MISSING',
  'PUBLICATION_PRIVILEGE_MISSING',
  'LOGICAL_MESSAGES_UNSUPPORTED',
] as const;

/** One of REPLICATION_ERROR_CODES. */
export type ReplicationErrorCode = (typeof REPLICATION_ERROR_CODES)[number];

/** A known, user-fixable problem with logical replication: one line naming the fix (`known = true`). */
export class ReplicationError extends SingerError {
  constructor(
    message: string,
    override readonly code: ReplicationErrorCode,
    fix: string,
    options?: { cause?: unknown },
  ) {
    super(message, code, fix, options);
  }
}
