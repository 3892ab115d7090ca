import type { SslMode, SslSettings } from './ssl-settings';
import { SSL_MODES } from './ssl-settings';

/** The effective sslmode: `sslmode`/`ssl_mode`, else `ssl`/`ssl_enable` true → require, else libpq's default prefer. */
export function resolveSslMode(settings: SslSettings): SslMode {
  const named = settings.sslmode ?? settings.ssl_mode;
  if (named !== undefined) {
    if (!SSL_MODES.includes(named)) throw new Error(`Unknown sslmode ${JSON.stringify(named)}`);
    // libpq: with a root certificate, require behaves like verify-ca (kept for backward compatibility).
    return named === 'require' && rootCertOf(settings) !== undefined ? 'verify-ca' : named;
  }
  if (isTrue(settings.ssl) || settings.ssl_enable === true) {
    return rootCertOf(settings) === undefined ? 'require' : 'verify-ca';
  }
  return 'prefer';
}

/** The CA setting under any of its names. */
export function rootCertOf(settings: SslSettings): string | undefined {
  return settings.ssl_root_cert ?? settings.sslrootcert ?? settings.ssl_certificate_authority;
}

/** The client certificate setting under any of its names. */
export function clientCertOf(settings: SslSettings): string | undefined {
  return settings.ssl_cert ?? settings.sslcert ?? settings.ssl_client_certificate;
}

/** The client key setting under any of its names. */
export function clientKeyOf(settings: SslSettings): string | undefined {
  return settings.ssl_key ?? settings.sslkey ?? settings.ssl_client_private_key;
}

/** The client key passphrase under any of its names. */
export function keyPasswordOf(settings: SslSettings): string | undefined {
  return settings.ssl_key_password ?? settings.sslpassword;
}

/** Whether a host is a Unix socket directory (libpq never uses TLS there, whatever sslmode says). */
export function isUnixSocketHost(host: string): boolean {
  return host.startsWith('/');
}

/**
 * The attempts of a connection when an earlier connection of the run succeeded with `worked`: that choice first, the
 * other allowed ones after it (so prefer against a server without TLS stops opening a TLS attempt each time).
 */
export function attemptsAfter(allowed: readonly boolean[], worked: boolean | undefined): readonly boolean[] {
  if (worked === undefined || !allowed.includes(worked)) return allowed;
  return [worked, ...allowed.filter((choice) => choice !== worked)];
}

/**
 * The TLS choice of each connection attempt, in order (libpq's semantics): disable plain; allow plain then TLS;
 * prefer TLS then plain; require and verify-* TLS only. Unix sockets are always plain.
 */
export function sslAttempts(mode: SslMode, host: string): readonly boolean[] {
  if (isUnixSocketHost(host)) return [false];
  switch (mode) {
    case 'disable':
      return [false];
    case 'allow':
      return [false, true];
    case 'prefer':
      return [true, false];
    default:
      return [true];
  }
}

function isTrue(value: boolean | string | undefined): boolean {
  return value === true || (typeof value === 'string' && /^(true|t|yes|y|on|1)$/i.test(value.trim()));
}
