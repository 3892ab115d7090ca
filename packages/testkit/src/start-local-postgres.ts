import { randomBytes } from 'node:crypto';
import { appendFileSync, chownSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { destroyClusterSync } from './cluster-cleanup';
import { ClusterControl } from './cluster-control';
import { findPgBin } from './find-pg-bin';
import { freePort } from './free-port';
import type { LocalPgServer, ServerConfig } from './pg-server';
import { runCommand } from './run-command';
import { configFileLines, defaultClusterConfig } from './server-config-file';
import { serverHandle } from './server-handle';
import { createTlsRoles, tlsServerConfig, writeTlsHba } from './tls-cluster';
import type { TlsFiles } from './tls-files';
import { generateTlsFiles } from './tls-files';

/** Options of startLocalPostgres. */
export interface LocalPostgresOptions {
  /** Directory of initdb/pg_ctl/postgres (default: findPgBin()). */
  readonly binDir?: string;
  /** Extra server settings (postgresql.conf), overriding the defaults. */
  readonly serverConfig?: ServerConfig;
  readonly env?: NodeJS.ProcessEnv;
  /** TLS on: CA, server and client certificates generated with openssl, `hostssl`/`hostnossl` rules (tls-cluster). */
  readonly tls?: boolean;
}

const START_ATTEMPTS = 3;

/**
 * A throwaway cluster: initdb (as the `postgres` OS user when root) into a temp dir, random port on 127.0.0.1,
 * scram passwords over TCP, trust on the socket; removed by stop() or, failing that, at process exit or signal.
 */
export async function startLocalPostgres(options: LocalPostgresOptions = {}): Promise<LocalPgServer> {
  const binDir = options.binDir ?? findPgBin(options.env);
  if (binDir === undefined)
    throw new Error(
      'No PostgreSQL server binaries found (PG_BIN, pg_config, /usr/lib/postgresql): install them ' +
        '(Debian: apt-get install postgresql-15) or set PG_BIN to the directory holding initdb and pg_ctl',
    );
  const cluster = new ClusterControl(binDir, 'pgsinger-pg-');
  const { dir, dataDir, runAs } = cluster;
  const password = randomBytes(16).toString('hex');
  let tls: TlsFiles | undefined;
  try {
    const pwFile = path.join(dir, 'pwfile');
    writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    if (runAs.uid !== undefined && runAs.gid !== undefined) chownSync(pwFile, runAs.uid, runAs.gid);
    const initdbArgs = ['-D', dataDir, '-U', 'postgres', '--pwfile', pwFile, '--auth-local=trust'];
    initdbArgs.push('--auth-host=scram-sha-256', '--no-locale', '--encoding=UTF8', '--no-sync');
    await runCommand(cluster.bin('initdb'), initdbArgs, runAs);
    rmSync(pwFile, { force: true });
    if (options.tls === true) {
      tls = await generateTlsFiles(path.join(dir, 'tls'), runAs);
      writeTlsHba(dataDir);
    }
    const tlsConfig = tls === undefined ? {} : tlsServerConfig(tls);
    const config = { ...defaultClusterConfig(dir), ...tlsConfig, ...options.serverConfig };
    appendFileSync(path.join(dataDir, 'postgresql.conf'), `\n# pgsinger testkit\n${configFileLines(config)}\n`);
    for (let attempt = 1; ; attempt++) {
      cluster.port = await freePort();
      try {
        await cluster.start();
        break;
      } catch (error) {
        // Another process may have taken the port between freePort() and the bind: try another one.
        if (attempt >= START_ATTEMPTS) throw withLog(error, cluster.logFile);
      }
    }
  } catch (error) {
    destroyClusterSync(dir);
    throw error;
  }

  const info = {
    kind: 'local' as const,
    host: '127.0.0.1',
    port: cluster.port,
    user: 'postgres',
    password,
    adminDatabase: 'postgres',
  };
  const handle = serverHandle({ ...info, dataDir }, () => cluster.destroy());
  const server = cluster.server(handle, tls);
  if (tls !== undefined) await createTlsRoles(server);
  return server;
}

function withLog(error: unknown, logFile: string): Error {
  let log = '';
  try {
    log = readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    // No log yet.
  }
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`Could not start the throwaway PostgreSQL cluster: ${message}\n${log}`);
}
