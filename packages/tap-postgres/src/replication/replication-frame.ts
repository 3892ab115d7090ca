import type { Lsn } from './lsn';
import { pgMicrosFromMillis } from './pg-time';

/** A WAL data frame ('w'): the output plugin's message for the change at `walStart`. */
export interface XLogData {
  readonly kind: 'xlogdata';
  /** The LSN the plugin wrote this message for (a change's LSN; a commit's end LSN). */
  readonly walStart: Lsn;
  /** The server's current end of WAL. */
  readonly walEnd: Lsn;
  /** Server clock, microseconds since 2000-01-01 UTC. */
  readonly serverTime: bigint;
  /** The plugin's bytes: a view into the connection's read buffer, valid only until the next chunk is parsed. */
  readonly payload: Buffer;
}

/** A primary keepalive ('k'). */
export interface PrimaryKeepalive {
  readonly kind: 'keepalive';
  readonly walEnd: Lsn;
  readonly serverTime: bigint;
  /** The server disconnects after wal_sender_timeout unless a status update answers this. */
  readonly replyRequested: boolean;
}

/** One CopyData frame of a replication stream, as the server sends it. */
export type ReplicationFrame = XLogData | PrimaryKeepalive;

const XLOG_DATA = 0x77; // 'w'
const KEEPALIVE = 0x6b; // 'k'
const STATUS_UPDATE = 0x72; // 'r'
const XLOG_HEADER_BYTES = 25;
const KEEPALIVE_BYTES = 18;

/** The size of a standby status update in bytes. */
export const STANDBY_STATUS_UPDATE_BYTES = 34;

/** Decodes one CopyData frame from the server (pure; the XLogData payload is a view, not a copy). */
export function parseReplicationFrame(chunk: Buffer): ReplicationFrame {
  const tag = chunk.length > 0 ? chunk[0] : -1;
  if (tag === XLOG_DATA) {
    requireBytes(chunk, XLOG_HEADER_BYTES, 'XLogData');
    return {
      kind: 'xlogdata',
      walStart: chunk.readBigUInt64BE(1),
      walEnd: chunk.readBigUInt64BE(9),
      serverTime: chunk.readBigInt64BE(17),
      payload: chunk.subarray(XLOG_HEADER_BYTES),
    };
  }
  if (tag === KEEPALIVE) {
    requireBytes(chunk, KEEPALIVE_BYTES, 'keepalive');
    return {
      kind: 'keepalive',
      walEnd: chunk.readBigUInt64BE(1),
      serverTime: chunk.readBigInt64BE(9),
      replyRequested: chunk[17] === 1,
    };
  }
  throw new Error(`Unknown replication frame type 0x${tag.toString(16)}`);
}

function requireBytes(chunk: Buffer, bytes: number, what: string): void {
  if (chunk.length < bytes) throw new Error(`Truncated ${what} frame (${chunk.length} bytes)`);
}

/**
 * Encodes a standby status update ('r'): the written, flushed and applied positions are all exactly `confirmed` —
 * never `confirmed + 1`, which can skip a transaction whose commit record starts at that position.
 */
export function encodeStandbyStatusUpdate(
  confirmed: Lsn,
  options: { readonly nowMs: number; readonly replyRequested?: boolean },
): Buffer {
  const frame = Buffer.alloc(STANDBY_STATUS_UPDATE_BYTES);
  frame[0] = STATUS_UPDATE;
  frame.writeBigUInt64BE(confirmed, 1);
  frame.writeBigUInt64BE(confirmed, 9);
  frame.writeBigUInt64BE(confirmed, 17);
  frame.writeBigInt64BE(pgMicrosFromMillis(options.nowMs), 25);
  frame[33] = options.replyRequested === true ? 1 : 0;
  return frame;
}
