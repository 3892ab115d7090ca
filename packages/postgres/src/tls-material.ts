import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConnectionSettings } from './connection-config-schema';
import { PostgresConnectionError, describeTarget } from './postgres-connection-error';
import { clientCertOf, clientKeyOf, keyPasswordOf, rootCertOf } from './ssl-mode';

/** PEM material for TLS, read once per run (files resolved, the key checked against its passphrase). */
export interface TlsMaterial {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly passphrase?: string;
}

/** Whether a setting holds PEM/OpenSSH text rather than a file path. */
export function isPemText(value: string): boolean {
  return value.includes('-----BEGIN ');
}

/**
 * Loads ssl_root_cert, ssl_cert and ssl_key (PEM text or file paths) and checks that the key decrypts with
 * ssl_key_password; problems become PostgresConnectionError `PG_TLS_CONFIG` naming the setting, never its content.
 */
export function loadTlsMaterial(settings: ConnectionSettings): TlsMaterial {
  const target = describeTarget(settings);
  const fail = (what: string, fix: string): never => {
    throw new PostgresConnectionError(
      `Cannot connect to PostgreSQL at ${target}: ${what}`,
      'PG_TLS_CONFIG',
      fix,
      target,
    );
  };
  const read = (name: string, value: string | undefined): string | undefined => {
    if (value === undefined || value === '') return undefined;
    if (isPemText(value)) return value;
    try {
      return readFileSync(value, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      return fail(
        `${name}: cannot read the file ${JSON.stringify(value)} (${code})`,
        `give ${name} as PEM text or a readable file path`,
      );
    }
  };
  const ca = read('ssl_root_cert', rootCertOf(settings));
  const cert = read('ssl_cert', clientCertOf(settings));
  const key = read('ssl_key', clientKeyOf(settings));
  const passphrase = keyPasswordOf(settings);
  if (ca !== undefined && !isPemText(ca))
    fail('ssl_root_cert holds no PEM certificate', 'give the CA certificate in PEM');
  if (cert !== undefined && !isPemText(cert))
    fail('ssl_cert holds no PEM certificate', 'give the client certificate in PEM');
  if (key !== undefined) checkKey(key, passphrase, fail);
  if ((cert === undefined) !== (key === undefined)) {
    fail('ssl_cert and ssl_key go together', 'set both the client certificate and its key, or neither');
  }
  return { ca, cert, key, passphrase: key === undefined ? undefined : passphrase };
}

function checkKey(key: string, passphrase: string | undefined, fail: (what: string, fix: string) => never): void {
  const encrypted = /ENCRYPTED/.test(key);
  if (encrypted && (passphrase === undefined || passphrase === '')) {
    fail('ssl_key is encrypted and no ssl_key_password is given', 'set ssl_key_password to the passphrase of the key');
  }
  try {
    createPrivateKey(passphrase === undefined ? { key } : { key, passphrase });
  } catch {
    // The error text of OpenSSL says little ("bad decrypt") and must not carry anything of the key.
    if (encrypted) fail('ssl_key cannot be decrypted with ssl_key_password', 'check ssl_key_password');
    fail('ssl_key is not a readable private key (PEM)', 'give the client private key in PEM (PKCS#8 or PKCS#1)');
  }
}
