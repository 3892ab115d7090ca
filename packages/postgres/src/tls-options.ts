import { isIP } from 'node:net';
import type { ConnectionOptions, PeerCertificate } from 'node:tls';
import { checkServerIdentity } from 'node:tls';
import type { SslMode } from './ssl-settings';
import type { TlsMaterial } from './tls-material';

/**
 * Node TLS options for one TLS attempt (pure). allow/prefer/require encrypt without verifying; verify-ca checks the
 * chain against ssl_root_cert (Node's trusted roots when none is given); verify-full also checks that the certificate
 * names `serverHost` — the configured host, also when the connection goes through an SSH tunnel's local end.
 * The client certificate and key are offered in every mode, as libpq does.
 */
export function tlsOptions(mode: SslMode, material: TlsMaterial, serverHost: string): ConnectionOptions {
  const verify = mode === 'verify-ca' || mode === 'verify-full';
  const options: ConnectionOptions = { rejectUnauthorized: verify };
  if (verify && material.ca !== undefined) options.ca = material.ca;
  if (material.cert !== undefined) options.cert = material.cert;
  if (material.key !== undefined) options.key = material.key;
  if (material.passphrase !== undefined) options.passphrase = material.passphrase;
  if (isIP(serverHost) === 0 && !serverHost.startsWith('/')) options.servername = serverHost;
  options.checkServerIdentity =
    mode === 'verify-full'
      ? (_host: string, cert: PeerCertificate) => checkServerIdentity(serverHost, cert)
      : () => undefined;
  return options;
}
