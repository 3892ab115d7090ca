import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postmasterPid, registerCluster, unregisterCluster } from './cluster-cleanup';
import { serverRunAs } from './os-user';
import type { LocalPgServer, PgServer } from './pg-server';
import type { TlsFiles } from './tls-files';
import { runCommand } from './run-command';

/**
 * One throwaway cluster directory (registered for clean-up at exit) and pg_ctl for it, run as the server's OS user:
 * start on `port`, fast restart, immediate stop, and removal. Shared by primaries and replicas.
 */
export class ClusterControl {
  readonly runAs = serverRunAs();
  readonly dir: string;
  readonly dataDir: string;
  readonly logFile: string;
  port = 0;
  pid: number | undefined;

  constructor(
    readonly binDir: string,
    prefix: string,
  ) {
    this.dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    chmodSync(this.dir, 0o755);
    if (this.runAs.uid !== undefined && this.runAs.gid !== undefined) {
      chownSync(this.dir, this.runAs.uid, this.runAs.gid);
    }
    registerCluster(this.dir);
    this.dataDir = path.join(this.dir, 'data');
    this.logFile = path.join(this.dir, 'server.log');
  }

  /** A server binary's path. */
  bin(name: string): string {
    return path.join(this.binDir, name);
  }

  /** Runs pg_ctl (waiting, 60 s) on the data directory. */
  async pgCtl(...args: string[]): Promise<void> {
    await runCommand(
      this.bin('pg_ctl'),
      ['-D', this.dataDir, '-l', this.logFile, '-w', '-t', '60', ...args],
      this.runAs,
    );
  }

  /** Starts the cluster on `port` and notes the postmaster's pid. */
  async start(): Promise<void> {
    await this.pgCtl('-o', `-p ${this.port}`, 'start');
    this.pid = postmasterPid(this.dataDir);
  }

  /** Stops (fast; a stopped cluster is fine) and removes the directory. */
  async destroy(): Promise<void> {
    try {
      await this.pgCtl('-m', 'fast', 'stop');
    } catch {
      // Already stopped (e.g. after stopImmediate): removing the directory is what is left.
    }
    rmSync(this.dir, { recursive: true, force: true });
    unregisterCluster(this.dir);
  }

  /** The LocalPgServer of this cluster: a server handle plus pid, restart, stopImmediate and start. */
  server(handle: PgServer, tls?: TlsFiles): LocalPgServer {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const cluster = this;
    return {
      ...handle,
      kind: 'local',
      dataDir: this.dataDir,
      binDir: this.binDir,
      ...(tls === undefined ? {} : { tls }),
      get pid() {
        return cluster.pid;
      },
      restart: async () => {
        await cluster.pgCtl('-m', 'fast', 'stop');
        await cluster.start();
      },
      stopImmediate: async () => {
        await cluster.pgCtl('-m', 'immediate', 'stop');
        cluster.pid = undefined;
      },
      start: () => cluster.start(),
    };
  }
}
