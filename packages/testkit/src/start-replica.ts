import { appendFileSync, chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { destroyClusterSync, postmasterPid, registerCluster, unregisterCluster } from './cluster-cleanup';
import { findPgBin } from './find-pg-bin';
import { freePort } from './free-port';
import { serverRunAs } from './os-user';
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
  const runAs = serverRunAs();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgsinger-replica-'));
  chmodSync(dir, 0o755);
  if (runAs.uid !== undefined && runAs.gid !== undefined) chownSync(dir, runAs.uid, runAs.gid);
  registerCluster(dir);
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const bin = (name: string): string => path.join(binDir, name);
  let port = 0;
  let pid: number | undefined;
  const pgCtl = async (...args: string[]): Promise<void> => {
    await runCommand(bin('pg_ctl'), ['-D', dataDir, '-l', logFile, '-w', '-t', '60', ...args], runAs);
  };
  const startServer = async (): Promise<void> => {
    await pgCtl('-o', `-p ${port}`, 'start');
    pid = postmasterPid(dataDir);
  };
  try {
    const socketDir = path.dirname(primary.dataDir);
    const backup = ['-h', socketDir, '-p', String(primary.port), '-U', primary.user, '-D', dataDir];
    backup.push('-R', '-X', 'stream', '--checkpoint=fast', '--no-sync');
    await runCommand(bin('pg_basebackup'), backup, runAs);
    const config = { unix_socket_directories: dir, hot_standby: true, ...options.serverConfig };
    appendFileSync(path.join(dataDir, 'postgresql.conf'), `\n# pgsinger replica\n${configFileLines(config)}\n`);
    port = await freePort();
    await startServer();
  } catch (error) {
    destroyClusterSync(dir);
    throw error;
  }
  const info = {
    kind: 'local' as const,
    host: primary.host,
    port,
    user: primary.user,
    password: primary.password,
    adminDatabase: primary.adminDatabase,
    dataDir,
  };
  const handle = serverHandle(info, async () => {
    try {
      await pgCtl('-m', 'fast', 'stop');
    } catch {
      // Already stopped.
    }
    rmSync(dir, { recursive: true, force: true });
    unregisterCluster(dir);
  });
  return {
    ...handle,
    kind: 'local',
    dataDir,
    binDir,
    get pid() {
      return pid;
    },
    restart: async () => {
      await pgCtl('-m', 'fast', 'stop');
      await startServer();
    },
    stopImmediate: async () => {
      await pgCtl('-m', 'immediate', 'stop');
      pid = undefined;
    },
    start: startServer,
  };
}
