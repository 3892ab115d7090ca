import type { ConnectionSettings } from './connection-config-schema';
import type { Classified } from './connection-error-code';
import { resolveSslMode } from './ssl-mode';

const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
]);

/** Classifies TLS failures (server without TLS, host name mismatch, untrusted certificate); undefined for others. */
export function classifyTls(error: unknown, cause: string, settings: ConnectionSettings): Classified | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const mode = safeMode(settings);
  if (/server does not support SSL/i.test(cause)) {
    return [
      'PG_TLS_UNSUPPORTED',
      `the server does not accept TLS connections, and sslmode=${mode} requires TLS`,
      'enable ssl on the server, or set sslmode to prefer or disable',
    ];
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return [
      'PG_TLS_HOST_MISMATCH',
      `the server certificate does not match the host name ${JSON.stringify(settings.host)} (sslmode=${mode}): ${cause}`,
      'connect with a host name the certificate names, or use sslmode=verify-ca to skip the host name check',
    ];
  }
  if (typeof code === 'string' && UNTRUSTED.has(code)) {
    return [
      'PG_TLS_UNTRUSTED',
      `the server certificate is not trusted (${code}, sslmode=${mode}): ${cause}`,
      'set ssl_root_cert to the CA certificate that signed the server certificate',
    ];
  }
  if (typeof code === 'string' && (/^ERR_SSL_|^ERR_OSSL_|^ERR_TLS_/.test(code) || code === 'EPROTO')) {
    return ['PG_TLS_FAILED', `TLS handshake failed (sslmode=${mode}): ${cause}`, 'check the TLS settings'];
  }
  return undefined;
}

function safeMode(settings: ConnectionSettings): string {
  try {
    return resolveSslMode(settings);
  } catch {
    return String(settings.sslmode ?? settings.ssl_mode);
  }
}
