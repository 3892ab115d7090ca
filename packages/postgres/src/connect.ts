import { Client } from 'pg';
import type { ConnectionSettings } from './connection-config-schema';
import { toConnectionError } from './postgres-connection-error';
import { resolveEndpoint } from './resolve-endpoint';
import type { ConnectOptions } from './to-client-config';
import { toClientConfig } from './to-client-config';

/** Opens a connected pg Client; failures become a PostgresConnectionError naming host:port/dbname, never the password. */
export async function connect(
  settings: ConnectionSettings,
  options: Omit<ConnectOptions, 'endpoint'> = {},
): Promise<Client> {
  const endpoint = await resolveEndpoint(settings);
  const client = new Client(toClientConfig(settings, { ...options, endpoint }));
  // An idle client whose server goes away emits 'error'; without a listener that would crash the process.
  // Callers see the failure on their next query instead.
  client.on('error', () => undefined);
  client.once('end', () => void endpoint.close());
  try {
    await client.connect();
  } catch (error) {
    await endpoint.close();
    throw toConnectionError(error, settings);
  }
  return client;
}
