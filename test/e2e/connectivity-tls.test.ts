import { openConnector, PostgresConnectionError } from '@pgsinger/postgres';
import type { LocalPgServer, TestDatabase, TlsFiles } from '@pgsinger/testkit';
import {
  createTestDatabase,
  discoverCatalog,
  findSecrets,
  runBin,
  runPipeline,
  selectStreams,
  startLocalPostgres,
  startSshBastion,
  TLS_ROLES,
  writeJsonTemp,
} from '@pgsinger/testkit';
import { refusedTarget } from '../support/refused-target';

// tap-postgres --discover and tap | target FULL_TABLE against a TLS-only-verified server: the tap with a password
// over verify-full (host name localhost), the target with a client certificate whose key is encrypted.
let server: LocalPgServer;
let files: TlsFiles;
let db: TestDatabase;

beforeAll(async () => {
  server = await startLocalPostgres({ tls: true });
  files = server.tls as TlsFiles;
  db = await createTestDatabase(server, { prefix: 'e2e_tls' });
  await db.query('CREATE SCHEMA src');
  await db.query(
    "CREATE TABLE src.items (id int PRIMARY KEY, name text); INSERT INTO src.items SELECT g, 'item ' || g FROM generate_series(1, 50) g",
  );
}, 120_000);

afterAll(async () => {
  await db?.drop();
  await server?.stop();
});

const secrets = (): string[] => [server.password ?? '', files.clientKeyPassphrase, files.clientKey];

function tapConfig(extra: Record<string, unknown> = {}): string {
  const config = {
    ...db.settings,
    host: 'localhost',
    sslmode: 'verify-full',
    ssl_root_cert: files.caFile,
    filter_schemas: 'src',
    ...extra,
  };
  return writeJsonTemp(config, 'tap-tls');
}

/** A target config logging in with the client certificate over verify-full; `tls` names the PEM keys (aliases too). */
function certTargetConfig(tls: Record<string, unknown>, name: string): string {
  const login = { host: '127.0.0.1', port: server.port, user: TLS_ROLES.cert, dbname: db.name, sslmode: 'verify-full' };
  return writeJsonTemp({ ...login, ...tls, default_target_schema: 'dst' }, name);
}

function expectNoSecrets(stderr: string): void {
  expect(findSecrets(stderr, secrets())).toEqual([]);
}

describe('TLS end to end', () => {
  it('discovers over verify-full, and refuses a server certificate from another CA', async () => {
    const discovery = await runBin('tap-postgres', ['--config', tapConfig(), '--discover']);
    expectNoSecrets(discovery.stderr);
    expect({ code: discovery.code, stderr: discovery.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(discovery.stdout).toContain('src-items');
    const refused = await runBin('tap-postgres', [
      '--config',
      tapConfig({ ssl_root_cert: files.otherCaCert, connect_retries: 0 }),
      '--discover',
    ]);
    expectNoSecrets(refused.stderr);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/CRITICAL .*server certificate is not trusted/);
  });

  it('copies a table FULL_TABLE, the target logging in with an encrypted client key', async () => {
    const catalog = writeJsonTemp(
      selectStreams(await discoverCatalog(tapConfig()), { 'src-items': { method: 'FULL_TABLE' } }),
      'catalog',
    );
    const targetConfig = certTargetConfig(
      {
        sslrootcert: files.caCert,
        ssl_cert: files.clientCertFile,
        ssl_key: files.clientKey,
        ssl_key_password: files.clientKeyPassphrase,
      },
      'target-tls',
    );
    const result = await runPipeline({
      tapArgs: ['--config', tapConfig(), '--catalog', catalog],
      targetArgs: ['--config', targetConfig],
    });
    expectNoSecrets(result.tap.stderr);
    expectNoSecrets(result.target.stderr);
    expect({ tap: result.tap.code, target: result.target.code, err: result.target.stderr.slice(-800) }).toEqual({
      tap: 0,
      target: 0,
      err: expect.any(String),
    });
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM dst.items');
    expect(rows[0]?.n).toBe('50');
  });

  it('runs verify-full through an SSH tunnel, checking the configured host name, not the local end', async () => {
    const bastion = await startSshBastion({ aliases: { 'db.unnamed.example': '127.0.0.1' } });
    const ssh_tunnel = {
      enable: true,
      host: bastion.host,
      port: bastion.port,
      username: bastion.username,
      password: bastion.password,
    };
    const settings = {
      ...db.settings,
      host: 'localhost',
      sslmode: 'verify-full' as const,
      ssl_root_cert: files.caCert,
      ssh_tunnel,
      connect_retries: 0,
    };
    try {
      const connector = await openConnector(settings);
      const client = await connector.connect();
      const { rows } = await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      await client.end();
      await connector.close();
      expect(rows[0]?.ssl).toBe(true);
      const other = await openConnector({ ...settings, host: 'db.unnamed.example' });
      const error = await other.connect().catch((e: unknown) => e);
      await other.close();
      expect(error).toBeInstanceOf(PostgresConnectionError);
      expect((error as PostgresConnectionError).code).toBe('PG_TLS_HOST_MISMATCH');
      expect((error as PostgresConnectionError).message).toContain('"db.unnamed.example"');
      await bastion.waitUntilIdle();
    } finally {
      await bastion.stop();
    }
  });

  it('fails clearly when the target key passphrase is wrong, without printing it', async () => {
    const wrong = 'Wrong-passphrase-for-e2e';
    const targetConfig = certTargetConfig(
      {
        ssl_root_cert: files.caFile,
        ssl_cert: files.clientCert,
        ssl_key: files.clientKeyFile,
        ssl_key_password: wrong,
      },
      'target-bad-key',
    );
    expect(await refusedTarget(targetConfig, [...secrets(), wrong])).toMatch(
      /ssl_key cannot be decrypted with ssl_key_password/,
    );
  });
});
