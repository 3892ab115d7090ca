import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { processAlive } from './cluster-cleanup';

/** Options of `withDirLock`. */
export interface DirLockOptions {
  /** How long to wait for another process's lock before failing (default 15 minutes). */
  readonly timeoutMs?: number;
  /** Called once when the lock is held by another process (e.g. to say what is being waited for). */
  readonly onWait?: (ownerPid: number) => void;
}

/**
 * Runs `work` while holding a lock shared by every process of the machine: the directory `lockPath`, created
 * atomically with the owner's pid inside. A lock whose owner died is taken over.
 */
export async function withDirLock<T>(
  lockPath: string,
  work: () => Promise<T>,
  options: DirLockOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  let announced = false;
  for (;;) {
    if (tryLock(lockPath)) break;
    const owner = lockOwner(lockPath);
    if (owner === undefined ? abandoned(lockPath) : !processAlive(owner)) {
      rmSync(lockPath, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for the lock ${lockPath} held by pid ${owner ?? 'unknown'}`);
    }
    if (!announced && owner !== undefined) options.onWait?.(owner);
    announced = true;
    await sleep(250);
  }
  try {
    return await work();
  } finally {
    rmSync(lockPath, { recursive: true, force: true });
  }
}

function tryLock(lockPath: string): boolean {
  try {
    mkdirSync(path.dirname(lockPath), { recursive: true });
    mkdirSync(lockPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  writeFileSync(path.join(lockPath, 'owner'), String(process.pid));
  return true;
}

function lockOwner(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path.join(lockPath, 'owner'), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // being created or removed right now
  }
}

/** A lock directory without an owner file for 10 s: its creator died between creating it and writing its pid. */
function abandoned(lockPath: string): boolean {
  try {
    return Date.now() - statSync(lockPath).mtimeMs > 10_000;
  } catch {
    return false;
  }
}
