export type {
  BeginChange,
  ChangeDecoder,
  ChangeKind,
  ColumnValues,
  CommitChange,
  DecodedChange,
  DeleteChange,
  InsertChange,
  MessageChange,
  TableName,
  TruncateChange,
  UpdateChange,
} from './decoded-change';
export { CHANGE_KINDS, emptyColumnValues } from './decoded-change';
export { currentWalLsn, emitHeartbeat } from './heartbeat';
export type { Lsn } from './lsn';
export { compareLsn, formatLsn, INVALID_LSN, lsnFromBookmark, lsnToBookmark, maxLsn, parseLsn } from './lsn';
export { PG_EPOCH_MS, pgMicrosFromMillis, pgMicrosToIso, timestamptzTextToIso } from './pg-time';
export { PgoutputDecoder } from './pgoutput-decoder';
export { pgoutputOptions } from './pgoutput-options';
export type { Relation, RelationColumn, RelationType } from './pgoutput-relation';
export type { PreflightOptions, PreflightResult } from './preflight';
export { preflightReplication } from './preflight';
export type { IdentityGap } from './replica-identity';
export { findIdentityGaps } from './replica-identity';
export type { PublicationChange } from './publication';
export { dropPublication, ensurePublication } from './publication';
export type { ReplicationErrorCode } from './replication-error';
export { REPLICATION_ERROR_CODES, ReplicationError } from './replication-error';
export type { PrimaryKeepalive, ReplicationFrame, XLogData } from './replication-frame';
export { encodeStandbyStatusUpdate, parseReplicationFrame, STANDBY_STATUS_UPDATE_BYTES } from './replication-frame';
export type { ReplicationStreamOptions, ReplicationStreamStats } from './replication-stream-options';
export { ReplicationStream } from './replication-stream';
export { startReplication } from './start-replication';
export type { CreatedSlot, LogicalDecodingPlugin, SlotInfo } from './slot-management';
export { checkSlot, createSlotWithSnapshot, dropSlot, LOGICAL_DECODING_PLUGINS, readSlot } from './slot-management';
export { replicationSlotCandidates, replicationSlotName } from './slot-name';
export { replicationLiteral, startReplicationCommand } from './start-replication-command';
export type { ReplicationErrorContext } from './to-replication-error';
export { toReplicationError } from './to-replication-error';
export { Wal2jsonDecoder } from './wal2json-decoder';
export { Wal2jsonParser, type Wal2jsonMessage } from './wal2json-parser';
export { escapeWal2jsonName, HEARTBEAT_PREFIX, wal2jsonOptions, wal2jsonTableFilter } from './wal2json-options';
