import type { ConnectionSettings } from './connection-config-schema';
import { DEFAULT_PORT } from './connection-config-schema';

/** Where a client actually connects: today the configured host and port; an SSH tunnel will put its local end here. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
  /** Releases what resolving opened (a tunnel); called when the client ends or fails to connect. */
  close(): Promise<void>;
}

/** Resolves the network endpoint for the settings (the seam where SSH tunnelling plugs in). */
export function resolveEndpoint(settings: ConnectionSettings): Promise<Endpoint> {
  return Promise.resolve({ host: settings.host, port: settings.port ?? DEFAULT_PORT, close: () => Promise.resolve() });
}
