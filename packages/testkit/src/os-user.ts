import { readFileSync } from 'node:fs';

/** uid/gid to run server binaries as: the `postgres` OS user when we are root (initdb refuses root), else ourselves. */
export interface RunAs {
  readonly uid?: number;
  readonly gid?: number;
}

/** Whether this process runs as root. */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The identity for initdb/pg_ctl: `{}` when not root, the `postgres` user's ids when root. */
export function serverRunAs(): RunAs {
  if (!isRoot()) return {};
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error(
      'Running as root, but there is no "postgres" OS user to run initdb as (initdb refuses root): ' +
        'create one (useradd --system postgres) or run the tests as a normal user',
    );
  }
  return { uid: Number(uid), gid: Number(gid) };
}
