import type { Duplex } from 'node:stream';
import type { Clock } from '@pgsinger/singer';
import type { Lsn } from './lsn';
import type { XLogData } from './replication-frame';

/** Options of startReplication. */
export interface ReplicationStreamOptions<T> {
  readonly slotName: string;
  /** Where to start: normally the confirmed LSN (the server starts from the slot's confirmed position if later). */
  readonly startLsn: Lsn;
  /** The LSN reported as written/flushed/applied until confirm() says otherwise (default: startLsn). */
  readonly confirmedLsn?: Lsn;
  readonly pluginOptions: Readonly<Record<string, string>>;
  /** Called synchronously per XLogData: the payload is only valid during the call. Undefined skips the frame. */
  readonly decode: (frame: XLogData) => T | undefined;
  /** Status update period, well below wal_sender_timeout (default 10 s). */
  readonly statusIntervalMs?: number;
  /** Queued items at which the socket is paused (default 2000); resumed at lowWaterMark (default a quarter). */
  readonly highWaterMark?: number;
  readonly lowWaterMark?: number;
  /** Time of status updates and the status interval's timer (default: the system clock). */
  readonly clock?: Clock;
}

/** Counters of a stream. */
export interface ReplicationStreamStats {
  frames: number;
  keepalives: number;
  statusUpdates: number;
  maxQueued: number;
  pauses: number;
}

/** The parts of pg's (untyped) Connection that streaming needs (internal). */
export interface CopyBothConnection {
  readonly stream: Duplex;
  on(event: 'copyData', listener: (message: { chunk: Buffer }) => void): unknown;
  on(event: 'replicationStart', listener: () => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}
