import type { ConnectionSettings } from './connection-config-schema';
import { DEFAULT_CONNECT_TIMEOUT_SECONDS, DEFAULT_PORT } from './connection-config-schema';
import { tunnelEnabled } from './ssh-settings';
import { acquireTunnel, releaseTunnel } from './tunnel-registry';

/** Where a client actually connects: the configured host and port, or an SSH tunnel's local end. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
  /** Releases what resolving opened (a use of the shared tunnel). */
  close(): Promise<void>;
}

/** Resolves the network endpoint for the settings (through the process's shared SSH tunnel when enabled). */
export async function resolveEndpoint(settings: ConnectionSettings): Promise<Endpoint> {
  const port = settings.port ?? DEFAULT_PORT;
  const ssh = settings.ssh_tunnel;
  if (!tunnelEnabled(ssh)) return { host: settings.host, port, close: () => Promise.resolve() };
  const timeoutMs = (settings.connect_timeout ?? DEFAULT_CONNECT_TIMEOUT_SECONDS) * 1000;
  const tunnel = await acquireTunnel(ssh, timeoutMs);
  let local: { host: string; port: number };
  try {
    local = await tunnel.forward(settings.host, port);
  } catch (error) {
    await releaseTunnel(ssh);
    throw error;
  }
  let closed = false;
  return {
    ...local,
    close: async () => {
      if (closed) return;
      closed = true;
      await releaseTunnel(ssh);
    },
  };
}
