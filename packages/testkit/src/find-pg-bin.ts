import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const DEBIAN_ROOT = '/usr/lib/postgresql';

/** Finds a directory holding initdb/pg_ctl/postgres: PG_BIN, then `pg_config --bindir`, then the newest Debian one. */
export function findPgBin(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.PG_BIN, pgConfigBindir(), ...debianBinDirs()];
  return candidates.find((dir): dir is string => dir !== undefined && hasServerBinaries(dir));
}

function hasServerBinaries(dir: string): boolean {
  return ['initdb', 'pg_ctl', 'postgres'].every((name) => existsSync(path.join(dir, name)));
}

function pgConfigBindir(): string | undefined {
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function debianBinDirs(): string[] {
  if (!existsSync(DEBIAN_ROOT)) return [];
  return readdirSync(DEBIAN_ROOT)
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => path.join(DEBIAN_ROOT, version, 'bin'));
}
