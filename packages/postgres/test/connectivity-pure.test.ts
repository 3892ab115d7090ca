import { connectionConfigSchema, primarySettings, settingsForReads } from '@pgsinger/postgres';
import { toConnectionError } from '../src/postgres-connection-error';
import { connectionSecrets, redactSecrets } from '../src/redact';
import { isTransientConnectError, retryDelayMs, shouldTryOtherTls } from '../src/retry-policy';
import { settingsForSecondary } from '../src/secondary';
import { attemptsAfter, resolveSslMode, sslAttempts } from '../src/ssl-mode';
import { tlsOptions } from '../src/tls-options';
import { compileConfigValidator, secretValues } from '@pgsinger/singer';

const base = { host: 'db.example', port: 5432, user: 'u', dbname: 'd', password: 'pw-Secret-1' };

describe('sslmode', () => {
  it('follows libpq and the seeds', () => {
    expect(resolveSslMode({})).toBe('prefer');
    expect(resolveSslMode({ ssl: 'true' })).toBe('require');
    expect(resolveSslMode({ ssl: true })).toBe('require');
    expect(resolveSslMode({ ssl: false })).toBe('prefer');
    expect(resolveSslMode({ ssl: 'true', sslmode: 'disable' })).toBe('disable');
    expect(resolveSslMode({ ssl_enable: true, ssl_mode: 'verify-full' })).toBe('verify-full');
    expect(resolveSslMode({ sslmode: 'require', sslrootcert: '/ca.pem' })).toBe('verify-ca');
    expect(sslAttempts('allow', 'h')).toEqual([false, true]);
    expect(sslAttempts('prefer', 'h')).toEqual([true, false]);
    // Later connections of a run start with the choice that worked; the other stays a fallback.
    expect(attemptsAfter([true, false], false)).toEqual([false, true]);
    expect(attemptsAfter([true, false], true)).toEqual([true, false]);
    expect(attemptsAfter([true, false], undefined)).toEqual([true, false]);
    expect(attemptsAfter([true], false)).toEqual([true]);
    expect(sslAttempts('verify-full', '/var/run/postgresql')).toEqual([false]);
  });

  it('verifies only in verify-ca/verify-full, and checks the configured host name in verify-full', () => {
    expect(tlsOptions('require', {}, 'db.example')).toMatchObject({
      rejectUnauthorized: false,
      servername: 'db.example',
    });
    expect(tlsOptions('verify-ca', { ca: 'CA' }, '10.0.0.1')).toMatchObject({ rejectUnauthorized: true, ca: 'CA' });
    expect(tlsOptions('verify-ca', {}, '10.0.0.1').servername).toBeUndefined();
    const full = tlsOptions('verify-full', {}, 'db.example');
    const cert = { subject: { CN: 'other.example' }, subjectaltname: 'DNS:other.example' };
    expect(full.checkServerIdentity?.('127.0.0.1', cert as never)?.message).toMatch(/db\.example/);
  });
});

describe('retries and fallbacks', () => {
  it('retries transient failures only', () => {
    expect(isTransientConnectError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransientConnectError(Object.assign(new Error('x'), { code: '57P03' }))).toBe(true);
    expect(isTransientConnectError(Object.assign(new Error('x'), { code: '28P01' }))).toBe(false);
    expect(isTransientConnectError(new Error('The server does not support SSL connections'))).toBe(false);
    expect(retryDelayMs({ ...base, connect_retry_delay: 2 }, 3)).toBe(8000);
    expect(retryDelayMs({ ...base, connect_retry_delay: 20 }, 3)).toBe(30000);
    expect(shouldTryOtherTls(Object.assign(new Error('x'), { code: '28000' }))).toBe(true);
    expect(shouldTryOtherTls(new Error('The server does not support SSL connections'))).toBe(true);
    expect(shouldTryOtherTls(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);
  });
});

describe('secrets', () => {
  const key =
    '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n';
  const settings = {
    ...base,
    ssl_key_password: 'kp-Secret-2',
    ssh_tunnel: {
      enable: true,
      host: 'b',
      username: 'x',
      private_key: key,
      private_key_password: 'pp-3',
      password: 'sp-4',
    },
  };

  it('lists every secret, also the lines of a key, and removes them from errors', () => {
    const secrets = connectionSecrets(settings);
    expect(secrets).toEqual(expect.arrayContaining(['pw-Secret-1', 'kp-Secret-2', 'pp-3', 'sp-4', key]));
    expect(redactSecrets('x b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ y', secrets)).toBe('x ******** y');
    const error = toConnectionError(new Error('failed: pw-Secret-1 kp-Secret-2 sp-4'), settings);
    expect(error.message).not.toMatch(/Secret|sp-4/);
    expect(String((error.cause as Error).message)).not.toMatch(/Secret|sp-4/);
  });

  it('marks them in the schema (nested ssh_tunnel too) and validates ssh_tunnel', () => {
    const schema = { type: 'object', properties: connectionConfigSchema.properties, required: ['host'] } as const;
    expect(secretValues(schema, settings)).toEqual(
      expect.arrayContaining(['pw-Secret-1', 'kp-Secret-2', key, 'pp-3', 'sp-4']),
    );
    const validate = compileConfigValidator(schema);
    const logger = { warn: () => undefined };
    expect(() => validate({ host: 'h', ssh_tunnel: { enable: true } }, logger)).toThrow(/host|username/);
    expect(() => validate({ host: 'h', sslmode: 'sometimes' }, logger)).toThrow(/sslmode/);
    expect(validate({ host: 'h', ssh_tunnel: { enable: false } }, logger)).toMatchObject({ connect_retries: 3 });
  });
});

describe('secondary', () => {
  it('points reads at the replica with everything else kept', () => {
    const config = {
      ...base,
      sslmode: 'verify-full' as const,
      use_secondary: true,
      secondary_host: 'replica',
      secondary_port: 5433,
    };
    expect(settingsForSecondary(config)).toEqual({ ...base, sslmode: 'verify-full', host: 'replica', port: 5433 });
    expect(settingsForReads({ ...config, use_secondary: false })).toEqual({ ...base, sslmode: 'verify-full' });
    expect(primarySettings(config)).toEqual({ ...base, sslmode: 'verify-full' });
    expect(() => settingsForSecondary({ ...base, use_secondary: true })).toThrow(/secondary_host/);
  });
});
