import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { destroyClusterSync } from './cluster-cleanup';
import { ClusterControl } from './cluster-control';
import { findPgBin } from './find-pg-bin';
import { freePort } from './free-port';
import type { LocalPgServer, PgServerInfo, ServerConfig } from './pg-server';
import { runCommand } from './run-command';
import { configFileLines } from './server-config-file';
import { serverHandle } from './server-handle';

/** Options of startReplica. */
export interface ReplicaOptions {
  /** Directory of pg_basebackup/pg_ctl (default: the primary's binDir, else findPgBin()). */
  readonly binDir?: string;
  /** Extra settings for the replica's postgresql.conf. */
  readonly serverConfig?: ServerConfig;
}

/**
 * A hot-standby physical replica of a local cluster: `pg_basebackup -R -X stream` over the primary's Unix socket
 * into a temp dir, then started on another port (`hot_standby=on`); same roles and passwords as the primary.
 * Stopped and removed like a primary (stop(), or at process exit/signal, or by the watchdog).
 */
export async function startReplica(
  primary: PgServerInfo & { readonly binDir?: string },
  options: ReplicaOptions = {},
): Promise<LocalPgServer> {
  if (primary.dataDir === undefined) throw new Error('startReplica needs a local primary (with a data directory)');
  const binDir = options.binDir ?? primary.binDir ?? findPgBin();
  if (binDir === undefined) throw new Error('No PostgreSQL server binaries found for the replica');
  const cluster = new ClusterControl(binDir, 'pgsinger-replica-');
  const { dir, dataDir, runAs } = cluster;
  try {
    const socketDir = path.dirname(primary.dataDir);
    const backup = ['-h', socketDir, '-p', String(primary.port), '-U', primary.user, '-D', dataDir];
    backup.push('-R', '-X', 'stream', '--checkpoint=fast', '--no-sync');
    await runCommand(cluster.bin('pg_basebackup'), backup, runAs);
    const config = { unix_socket_directories: dir, hot_standby: true, ...options.serverConfig };
    appendFileSync(path.join(dataDir, 'postgresql.conf'), `\n# pgsinger replica\n${configFileLines(config)}\n`);
    cluster.port = await freePort();
    await cluster.start();
  } catch (error) {
    destroyClusterSync(dir);
    throw error;
  }
  const info = {
    kind: 'local' as const,
    host: primary.host,
    port: cluster.port,
    user: primary.user,
    password: primary.password,
    adminDatabase: primary.adminDatabase,
    dataDir,
  };
  const handle = serverHandle(info, () => cluster.destroy());
  return cluster.server(handle);
}
