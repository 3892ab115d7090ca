import type { DecodedChange, PrimaryKeepalive } from '../replication';

/** An item of a stream of changes: a decoded change, or a keepalive with the server's WAL position. */
export type ChangeItem = DecodedChange | PrimaryKeepalive;

/**
 * What the change loop reads (a `ReplicationStream<DecodedChange>`): items in order, handed to the sink as they are
 * decoded while it keeps up, else queued for the iterator.
 */
export interface ChangeSource extends AsyncIterable<ChangeItem> {
  /** The error that ended the stream, if any. */
  readonly error: Error | undefined;
  setSink(sink: ((item: ChangeItem) => boolean) | undefined): void;
  /** The next queued item, left in the queue. */
  peek(): ChangeItem | undefined;
  /** Takes the next queued item without waiting. */
  shift(): ChangeItem | undefined;
  /** Asks the server for a keepalive with its current position. */
  requestReply(): void;
}
