import {
  discoverCatalog,
  runBin,
  selectStreams,
  writeJsonTemp,
  type BinResult,
  type CatalogShape,
  type StreamChoices,
  type TestDatabase,
} from '@pgsinger/testkit';

/** A message line of the tap's stdout, parsed, with its raw text. */
export interface OutputMessage {
  readonly type: string;
  readonly stream?: string;
  readonly record?: Record<string, unknown>;
  readonly value?: { bookmarks: Record<string, Record<string, unknown>>; currently_syncing?: string | null };
  readonly schema?: Record<string, unknown>;
  readonly key_properties?: string[];
  readonly bookmark_properties?: string[];
  readonly version?: number;
  readonly raw: string;
}

/** SQL that creates table `big` (a bigint key and an md5 text payload) holding `rows` rows. */
export function bigTableSql(rows: number): string {
  return `CREATE TABLE big (id bigint PRIMARY KEY, payload text);
    INSERT INTO big SELECT g, md5(g::text) FROM generate_series(1, ${rows}) g;`;
}

/** Writes a tap config for the test database (plus extra keys) and returns its path. */
export function configFile(db: TestDatabase, extra: Record<string, unknown> = {}): string {
  return writeJsonTemp({ ...db.settings, ...extra }, 'config');
}

/** Runs the real bin. */
export function tap(args: readonly string[], timeoutMs = 60_000): Promise<BinResult> {
  return runBin('tap-postgres', args, { timeoutMs });
}

/** Parses every stdout line. */
export function parseOutput(stdout: string): OutputMessage[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((raw) => ({ ...(JSON.parse(raw) as Omit<OutputMessage, 'raw'>), raw }));
}

/** Writes a catalog and returns its path. */
export function catalogFile(catalog: CatalogShape): string {
  return writeJsonTemp(catalog, 'catalog');
}

/** Discovers with the config file and writes a catalog selecting the chosen streams; returns its path. */
export async function selectedCatalog(config: string, choices: StreamChoices): Promise<string> {
  return catalogFile(selectStreams(await discoverCatalog(config), choices));
}

/** The last STATE value of an output. */
export function lastState(messages: readonly OutputMessage[]): unknown {
  const states = messages.filter((m) => m.type === 'STATE');
  return states[states.length - 1]?.value;
}

/** The INCREMENTAL tie-breaker a state keeps for a stream under `pgsinger.keyset` (not in its bookmark). */
export function keysetEntry(state: unknown, tapStreamId: string): Record<string, unknown> | undefined {
  const own = (state as { pgsinger?: { keyset?: Record<string, Record<string, unknown>> } } | undefined)?.pgsinger;
  return own?.keyset?.[tapStreamId];
}

/**
 * The raw `record` JSON text of a RECORD line (the serializer writes it as one object before `,"x-sql-text"`, when
 * the row has one, and `,"version"`).
 */
export function rawRecord(line: string): string {
  const start = line.indexOf('"record":') + '"record":'.length;
  const sqlText = line.lastIndexOf(',"x-sql-text":{');
  return line.slice(start, sqlText >= 0 ? sqlText : line.lastIndexOf(',"version":'));
}

/** The raw `x-sql-text` JSON text of a RECORD line, or undefined when it has none. */
export function rawSqlText(line: string): string | undefined {
  const at = line.lastIndexOf(',"x-sql-text":{');
  if (at < 0) return undefined;
  return line.slice(at + ',"x-sql-text":'.length, line.lastIndexOf(',"version":'));
}
