import type { Client } from 'pg';
import type { ConnectionSettings } from './connection-config-schema';
import type { ClientOptions, Connector } from './connector';
import { openConnector } from './connector';

const shared = new Map<string, Promise<Connector>>();

/**
 * Opens a connected pg Client; failures become a PostgresConnectionError naming host:port/dbname, never a secret.
 * Connections with equal settings share one connector (TLS material, SSH tunnel) for the life of the process;
 * the tunnel closes at exit. Use openConnector to own the tunnel's lifetime instead.
 */
export async function connect(settings: ConnectionSettings, options: ClientOptions = {}): Promise<Client> {
  return (await sharedConnector(settings)).connect(options);
}

/** The process-wide connector for these settings (opened on first use; a failed open is not cached). */
export function sharedConnector(settings: ConnectionSettings): Promise<Connector> {
  const key = JSON.stringify(settings);
  let connector = shared.get(key);
  if (connector === undefined) {
    connector = openConnector(settings);
    shared.set(key, connector);
    connector.catch(() => shared.delete(key));
  }
  return connector;
}

/** Closes the process-wide connectors (and so their tunnels); later connect() calls open new ones. */
export async function closeSharedConnectors(): Promise<void> {
  const open = [...shared.values()];
  shared.clear();
  await Promise.all(
    open.map((connector) =>
      connector.then(
        (c) => c.close(),
        () => undefined,
      ),
    ),
  );
}
