import { execFile } from 'node:child_process';
import type { Client } from 'pg';
import { type ConnectionSettings, openConnector, PostgresConnectionError, type SslMode } from '@pgsinger/postgres';
import { closeSharedConnectors } from '../src/connect';
import { SSL_MODES } from '../src/ssl-settings';
import type { LocalPgServer, TlsFiles } from '@pgsinger/testkit';
import { startLocalPostgres, testDatabase, TLS_ROLES, UNNAMED_LOOPBACK } from '@pgsinger/testkit';
import { connectionFailure } from './connection-failure';

// Each sslmode against a TLS server and a plain one, compared with what libpq (psql) does with the same settings.
const plainDb = testDatabase({ prefix: 'postgres_ssl_plain' });
let tlsServer: LocalPgServer;
let files: TlsFiles;

beforeAll(async () => {
  tlsServer = await startLocalPostgres({ tls: true });
  files = tlsServer.tls as TlsFiles;
}, 120_000);

afterAll(async () => {
  await closeSharedConnectors();
  await tlsServer?.stop();
});

type Outcome = 'plain' | 'tls' | `error ${string}`;

async function ours(settings: ConnectionSettings): Promise<Outcome> {
  let client: Client | undefined;
  try {
    const connector = await openConnector({ ...settings, connect_retries: 0 });
    client = await connector.connect();
    const { rows } = await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    return rows[0]?.ssl === true ? 'tls' : 'plain';
  } catch (error) {
    if (!(error instanceof PostgresConnectionError)) throw error;
    return `error ${error.code}`;
  } finally {
    await client?.end();
  }
}

/** The same connection with libpq: 'plain', 'tls' or 'error'. */
function libpq(settings: ConnectionSettings, mode: SslMode, extra = ''): Promise<Outcome> {
  const conninfo = `host=${settings.host} port=${settings.port ?? 5432} user=${settings.user} dbname=${settings.dbname} sslmode=${mode} ${extra}`;
  return new Promise((resolve) => {
    execFile(
      'psql',
      [conninfo, '-XtAc', 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()'],
      { env: { ...process.env, PGPASSWORD: settings.password ?? '', HOME: '/nonexistent', PGSSLROOTCERT: '' } },
      (error, stdout) => resolve(error ? 'error ' : stdout.trim() === 't' ? 'tls' : 'plain'),
    );
  });
}

const simplify = (outcome: Outcome): string => (outcome.startsWith('error') ? 'error' : outcome);

describe.each(SSL_MODES)('sslmode=%s', (mode) => {
  const expected: Record<SslMode, { tls: string; plain: string }> = {
    disable: { tls: 'plain', plain: 'plain' },
    allow: { tls: 'plain', plain: 'plain' },
    prefer: { tls: 'tls', plain: 'plain' },
    require: { tls: 'tls', plain: 'error PG_TLS_UNSUPPORTED' },
    'verify-ca': { tls: 'tls', plain: 'error PG_TLS_UNSUPPORTED' },
    'verify-full': { tls: 'tls', plain: 'error PG_TLS_UNSUPPORTED' },
  };
  const verify = mode.startsWith('verify');

  it('against a TLS server, as libpq', async () => {
    const settings = { ...tlsServer.settings('postgres'), sslmode: mode };
    const withCa = verify ? { ...settings, ssl_root_cert: files.caFile } : settings;
    const outcome = await ours(withCa);
    expect(outcome).toBe(expected[mode].tls);
    expect(simplify(outcome)).toBe(simplify(await libpq(settings, mode, verify ? `sslrootcert=${files.caFile}` : '')));
  });

  it('against a plain server, as libpq', async () => {
    const settings = { ...plainDb.settings, sslmode: mode, ssl_root_cert: files.caCert };
    const outcome = await ours(verify ? settings : { ...plainDb.settings, sslmode: mode });
    expect(outcome).toBe(expected[mode].plain);
    expect(simplify(outcome)).toBe(
      simplify(await libpq(plainDb.settings, mode, verify ? `sslrootcert=${files.caFile}` : '')),
    );
  });
});

describe('fallbacks and verification', () => {
  const as = (user: string, mode: SslMode, extra: Partial<ConnectionSettings> = {}): ConnectionSettings => ({
    ...tlsServer.settings('postgres'),
    user,
    sslmode: mode,
    ...extra,
  });

  it('allow retries with TLS when the server refuses plain; disable does not', async () => {
    expect(await ours(as(TLS_ROLES.tlsOnly, 'allow'))).toBe('tls');
    expect(await libpq(as(TLS_ROLES.tlsOnly, 'allow'), 'allow')).toBe('tls');
    expect(await ours(as(TLS_ROLES.tlsOnly, 'disable'))).toBe('error PG_NOT_ALLOWED');
  });

  it('prefer retries without TLS when the server refuses TLS; require does not', async () => {
    expect(await ours(as(TLS_ROLES.plainOnly, 'prefer'))).toBe('plain');
    expect(await libpq(as(TLS_ROLES.plainOnly, 'prefer'), 'prefer')).toBe('plain');
    expect(await ours(as(TLS_ROLES.plainOnly, 'require'))).toBe('error PG_NOT_ALLOWED');
  });

  it('prefer-remembers-plain: later connections of a run go plain first and still fall back to TLS', async () => {
    const connector = await openConnector({ ...as(TLS_ROLES.plainOnly, 'prefer'), connect_retries: 0 });
    const first = await connector.connect();
    const second = await connector.connect();
    const ssl = async (c: Client): Promise<boolean | undefined> =>
      (await c.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0]?.ssl;
    expect([await ssl(first), await ssl(second)]).toEqual([false, false]);
    await Promise.all([first.end(), second.end()]);
  });

  it('verify-full checks the host name; verify-ca does not', async () => {
    const other = { host: UNNAMED_LOOPBACK, ssl_root_cert: files.caCert };
    expect(await ours(as('postgres', 'verify-full', { host: 'localhost', ssl_root_cert: files.caCert }))).toBe('tls');
    expect(await ours(as('postgres', 'verify-ca', other))).toBe('tls');
    const connector = await openConnector(as('postgres', 'verify-full', { ...other, connect_retries: 0 }));
    const error = (await connector.connect().catch((e: unknown) => e)) as PostgresConnectionError;
    expect(error.code).toBe('PG_TLS_HOST_MISMATCH');
    expect(error.message).toContain(`"${UNNAMED_LOOPBACK}"`);
    expect(error.message).toMatch(/127\.0\.0\.2 is not in the cert's list/);
    expect(await libpq(as('postgres', 'verify-full', other), 'verify-full', `sslrootcert=${files.caFile}`)).toBe(
      'error ',
    );
  });

  it('refuses a certificate from another CA (verify-ca), and require with a root cert verifies like libpq', async () => {
    expect(await ours(as('postgres', 'verify-ca', { ssl_root_cert: files.otherCaFile }))).toBe(
      'error PG_TLS_UNTRUSTED',
    );
    expect(await ours(as('postgres', 'require', { ssl_root_cert: files.otherCaFile }))).toBe('error PG_TLS_UNTRUSTED');
    expect(await ours(as('postgres', 'require'))).toBe('tls');
  });

  it('takes pipelinewise\'s ssl: "true" as require, and the seeds\' aliases', async () => {
    const base = { ...tlsServer.settings('postgres') };
    expect(await ours({ ...base, ssl: 'true' })).toBe('tls');
    expect(await ours({ ...plainDb.settings, ssl: true })).toBe('error PG_TLS_UNSUPPORTED');
    expect(await ours({ ...base, ssl_mode: 'verify-full', sslrootcert: files.caFile })).toBe('tls');
    expect(await ours({ ...base, ssl_enable: true, ssl_certificate_authority: files.otherCaCert })).toBe(
      'error PG_TLS_UNTRUSTED',
    );
  });
});

describe('client certificates', () => {
  const certSettings = (extra: Partial<ConnectionSettings>): ConnectionSettings => ({
    host: '127.0.0.1',
    port: tlsServer.port,
    user: TLS_ROLES.cert,
    dbname: 'postgres',
    sslmode: 'verify-full',
    ssl_root_cert: files.caFile,
    connect_retries: 0,
    ...extra,
  });

  it('logs in with a certificate whose key is encrypted, from files and from PEM text', async () => {
    for (const settings of [
      certSettings({
        ssl_cert: files.clientCertFile,
        ssl_key: files.clientKeyFile,
        ssl_key_password: files.clientKeyPassphrase,
      }),
      certSettings({ sslcert: files.clientCert, sslkey: files.clientKey, sslpassword: files.clientKeyPassphrase }),
    ]) {
      const client = await (await openConnector(settings)).connect();
      const { rows } = await client.query<{ who: string }>('SELECT current_user AS who');
      await client.end();
      expect(rows[0]?.who).toBe(TLS_ROLES.cert);
    }
    const extra = `sslcert=${files.clientCertFile} sslkey=${files.clientKeyFile} sslpassword=${files.clientKeyPassphrase}`;
    expect(await libpq(certSettings({}), 'verify-full', `sslrootcert=${files.caFile} ${extra}`)).toBe('tls');
  });

  it('refuses a wrong passphrase and a missing certificate, without showing secrets', async () => {
    const wrong = 'not-the-passphrase-123';
    const known = await connectionFailure(
      openConnector(certSettings({ ssl_cert: files.clientCert, ssl_key: files.clientKey, ssl_key_password: wrong })),
    );
    expect(known.code).toBe('PG_TLS_CONFIG');
    expect(known.message).toMatch(/ssl_key cannot be decrypted/);
    const text = `${known.message} ${known.fix} ${known.stack ?? ''}`;
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(files.clientKey.split('\n')[1]);
    expect(await ours(certSettings({}))).toBe('error PG_NOT_ALLOWED');
  });
});
