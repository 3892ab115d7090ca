import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PgServer, ServerConfig } from './pg-server';
import type { TlsFiles } from './tls-files';
import { CERT_ROLE } from './tls-files';

/** Roles of a TLS cluster: the certificate role, one refused without TLS and one refused with TLS. */
export const TLS_ROLES = { cert: CERT_ROLE, tlsOnly: 'pgsinger_tls_only', plainOnly: 'pgsinger_plain_only' } as const;

/** Second loopback address a TLS cluster listens on, which its certificate does not name (host name mismatch). */
export const UNNAMED_LOOPBACK = '127.0.0.2';

/** postgresql.conf settings for TLS: ssl on with the generated server certificate; client certificates by the CA. */
export function tlsServerConfig(files: TlsFiles): ServerConfig {
  return {
    listen_addresses: `127.0.0.1,${UNNAMED_LOOPBACK}`,
    ssl: true,
    ssl_cert_file: files.serverCertFile,
    ssl_key_file: files.serverKeyFile,
    ssl_ca_file: files.caFile,
  };
}

/**
 * pg_hba.conf of a TLS cluster: trust on the socket; the certificate role only over TLS with `cert`; a role refused
 * without TLS (`hostnossl … reject`), one refused with TLS (`hostssl … reject`); everyone else by password either way.
 */
export function writeTlsHba(dataDir: string): void {
  const net = '127.0.0.0/8';
  const lines = [
    'local all all trust',
    'local replication all trust',
    `hostssl all ${TLS_ROLES.cert} ${net} cert`,
    `host all ${TLS_ROLES.cert} ${net} reject`,
    `hostnossl all ${TLS_ROLES.tlsOnly} ${net} reject`,
    `hostssl all ${TLS_ROLES.plainOnly} ${net} reject`,
    `hostssl all all ${net} scram-sha-256`,
    `hostnossl all all ${net} scram-sha-256`,
    `host replication all ${net} scram-sha-256`,
  ];
  writeFileSync(path.join(dataDir, 'pg_hba.conf'), `${lines.join('\n')}\n`);
}

/** Creates the TLS roles (superusers, so end-to-end runs can use them; password = the server's). */
export async function createTlsRoles(server: PgServer): Promise<void> {
  const password = server.password ?? '';
  for (const role of Object.values(TLS_ROLES)) {
    await server.adminQuery(`CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${password.replaceAll("'", "''")}'`);
  }
}
