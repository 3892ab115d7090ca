import type { Client } from 'pg';
import type { CopyBothConnection } from './replication-stream-options';
import { ReplicationStream } from './replication-stream';
import type { ReplicationStreamOptions } from './replication-stream-options';

/**
 * Starts streaming from a logical slot on a replication connection (`connect(settings, { replication: 'database' })`).
 * Resolves once the server has entered COPY mode; rejects with the server's error (e.g. a missing slot).
 */
export async function startReplication<T>(
  client: Client,
  options: ReplicationStreamOptions<T>,
): Promise<ReplicationStream<T>> {
  const connection = client.connection as unknown as CopyBothConnection;
  let started: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (started = resolve));
  connection.on('replicationStart', started);
  const stream = new ReplicationStream<T>(client, options);
  try {
    await Promise.race([
      ready,
      stream.finished.then(() => {
        throw stream.error ?? new Error('START_REPLICATION ended before streaming began');
      }),
    ]);
  } finally {
    connection.off('replicationStart', started);
  }
  return stream;
}
