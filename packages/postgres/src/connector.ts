import { Client } from 'pg';
import type { ConnectionSettings } from './connection-config-schema';
import { DEFAULT_CONNECT_TIMEOUT_SECONDS, DEFAULT_PORT } from './connection-config-schema';
import { PostgresConnectionError, describeTarget, toConnectionError } from './postgres-connection-error';
import { secretForms } from './redact';
import { shouldTryOtherTls, withRetries } from './retry-policy';
import { tunnelEnabled } from './ssh-settings';
import type { SshTunnel } from './ssh-tunnel';
import { attemptsAfter, resolveSslMode, sslAttempts } from './ssl-mode';
import type { SslMode } from './ssl-settings';
import type { TlsMaterial } from './tls-material';
import { loadTlsMaterial } from './tls-material';
import { tlsOptions } from './tls-options';
import type { ConnectOptions } from './to-client-config';
import { toClientConfig } from './to-client-config';
import { acquireTunnel, releaseTunnel } from './tunnel-registry';

/** What a caller passes per connection (the connector owns endpoint and TLS). */
export type ClientOptions = Omit<ConnectOptions, 'endpoint' | 'ssl'>;

/** Opens connections for one set of settings: TLS material loaded once, one SSH tunnel shared by all connections. */
export interface Connector {
  readonly settings: ConnectionSettings;
  /** The effective sslmode. */
  readonly sslmode: SslMode;
  /** A connected pg Client (regular or `replication: 'database'`), with retries and libpq's TLS fallbacks. */
  connect(options?: ClientOptions): Promise<Client>;
  /** Releases the tunnel (the last user closes it); clients already open keep working until the tunnel closes. */
  close(): Promise<void>;
}

/**
 * Prepares connections for the settings: checks sslmode and loads the PEM material (PG_TLS_CONFIG on a bad file or
 * passphrase), then opens the SSH tunnel if `ssh_tunnel.enable` (retrying transient failures); errors never carry
 * a secret.
 */
export async function openConnector(settings: ConnectionSettings): Promise<Connector> {
  const target = describeTarget(settings);
  let sslmode: SslMode;
  try {
    sslmode = resolveSslMode(settings);
  } catch (error) {
    const what = error instanceof Error ? error.message : String(error);
    throw new PostgresConnectionError(
      `Cannot connect to PostgreSQL at ${target}: ${what}`,
      'PG_TLS_CONFIG',
      'use one of disable, allow, prefer, require, verify-ca, verify-full',
      target,
    );
  }
  const material: TlsMaterial = sslmode === 'disable' ? {} : loadTlsMaterial(settings);
  const secrets = secretForms([material.key]);
  const ssh = settings.ssh_tunnel;
  const timeoutMs = (settings.connect_timeout ?? DEFAULT_CONNECT_TIMEOUT_SECONDS) * 1000;
  let tunnel: SshTunnel | undefined;
  let released = false;
  const tunnelFor = async (): Promise<SshTunnel | undefined> => {
    if (!tunnelEnabled(ssh) || released) return undefined;
    if (tunnel === undefined || tunnel.closed) {
      // A lost tunnel is opened again (the registry forgot it when it closed).
      tunnel = await withRetries(settings, () => acquireTunnel(ssh, timeoutMs));
    }
    return tunnel;
  };
  await tunnelFor();

  // The TLS choice that worked last: later connections of the run try it first (with prefer and a server without
  // TLS, each connection would otherwise open and lose one TCP connection first); the others stay as fallbacks.
  let worked: boolean | undefined;
  const attempt = async (options: ClientOptions): Promise<Client> => {
    const open = await tunnelFor();
    const port = settings.port ?? DEFAULT_PORT;
    const endpoint = open === undefined ? undefined : await open.forward(settings.host, port);
    const choices = attemptsAfter(sslAttempts(sslmode, settings.host), worked);
    for (let index = 0; ; index++) {
      const ssl = choices[index] === true ? tlsOptions(sslmode, material, settings.host) : false;
      const client = new Client(toClientConfig(settings, { ...options, endpoint, ssl }));
      // An idle client whose server goes away emits 'error'; callers see the failure on their next query instead.
      client.on('error', () => undefined);
      try {
        await client.connect();
        worked = choices[index];
        return client;
      } catch (error) {
        if (index + 1 < choices.length && shouldTryOtherTls(error)) continue;
        const refused = open?.forwardError(settings.host, port);
        if (refused !== undefined)
          throw new Error(
            `the SSH bastion ${open?.description ?? ''} cannot reach ${settings.host}:${port}: ${refused}`,
            { cause: error },
          );
        throw error;
      }
    }
  };

  return {
    settings,
    sslmode,
    connect: async (options = {}) => {
      try {
        return await withRetries(settings, () => attempt(options));
      } catch (error) {
        throw toConnectionError(error, settings, secrets);
      }
    },
    close: async () => {
      if (released) return;
      released = true;
      if (tunnelEnabled(ssh) && tunnel !== undefined) await releaseTunnel(ssh);
    },
  };
}
