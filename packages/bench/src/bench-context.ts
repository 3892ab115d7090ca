import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PgServer, ServerSettings } from '@pgsinger/testkit';

/** Everything a scenario needs: the server, both databases, config files and the psql binary. */
export interface BenchContext {
  readonly server: PgServer;
  readonly rows: number;
  readonly psql: string;
  readonly node: string;
  readonly tapBin: string;
  readonly targetBin: string;
  readonly source: ServerSettings;
  readonly destination: ServerSettings;
  /** Schema the target loads into (the COPY baseline loads into public). */
  readonly targetSchema: string;
  readonly workDir: string;
  /** `--catch-up N`: changed rows the INCREMENTAL catch-up moves (default 100,000, at most `rows`). */
  readonly catchUpRows?: number;
  readonly files: {
    readonly tapConfig: string;
    readonly targetConfig: string;
    readonly fullTableCatalog: string;
    readonly capturedSinger: string;
  };
}

/** psql arguments that connect to one database without prompting and run one command (`-c`) or file (`-f`). */
export function psqlArgs(
  settings: ServerSettings,
  command: string,
  options: { file?: boolean; vars?: readonly string[] } = {},
): string[] {
  return [
    ...['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...(options.vars ?? [])],
    ...['-h', settings.host, '-p', String(settings.port), '-U', settings.user, '-d', settings.dbname],
    options.file ? '-f' : '-c',
    command,
  ];
}

/** Environment carrying the password for psql. */
export function psqlEnv(settings: ServerSettings): NodeJS.ProcessEnv {
  return settings.password === undefined ? {} : { PGPASSWORD: settings.password };
}

/** Writes a JSON file into the bench work directory. */
export function writeJson(workDir: string, name: string, value: unknown): string {
  const file = path.join(workDir, name);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}
