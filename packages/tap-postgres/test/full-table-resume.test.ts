import { choose, runBinWatched, signalAt, testDatabase, writeJsonTemp } from '@pgsinger/testkit';
import { bigTableSql, configFile, type OutputMessage, parseOutput, selectedCatalog, tap } from './helpers';

const db = testDatabase({ prefix: 'tap_resume' });
const ROWS = 200_000;
const ITERSIZE = 1000;

beforeAll(async () => {
  await db.query(
    `${bigTableSql(ROWS)} CREATE TABLE keyless (n int); INSERT INTO keyless SELECT generate_series(1, 10);`,
  );
});

interface Bookmark {
  version?: number;
  last_pk_fetched?: { id: string };
  last_replication_method?: string;
}
const bookmarkOf = (m: OutputMessage): Bookmark | undefined => m.value?.bookmarks['public-big'] as Bookmark | undefined;

/** Starts the tap, stops reading its stdout once a resume point was checkpointed, then SIGKILLs it. */
async function killedRun(args: string[]): Promise<OutputMessage[]> {
  let lines = 0;
  let checkpoints = 0;
  let killed = false;
  const result = await runBinWatched('tap-postgres', args, (chunk, child) => {
    if (killed) return;
    lines += chunk.split('\n').length - 1;
    checkpoints += chunk.split('"last_pk_fetched"').length - 1;
    if (checkpoints >= 3 && lines > 3 * ITERSIZE) {
      killed = true;
      child.stdout?.pause();
      child.kill('SIGKILL');
    }
  });
  expect(result.signal).toBe('SIGKILL');
  return parseOutput(result.stdout.slice(0, result.stdout.lastIndexOf('\n') + 1));
}

describe('FULL_TABLE resume', () => {
  it('resumes after SIGKILL from the last STATE: every row, at most one batch twice, same version', async () => {
    const config = configFile(db, { itersize: ITERSIZE });
    const catalog = await selectedCatalog(config, choose(['public-big'], { method: 'FULL_TABLE' }));
    const first = await killedRun(['-c', config, '--catalog', catalog]);
    const states = first.filter((m) => m.type === 'STATE' && bookmarkOf(m)?.last_pk_fetched !== undefined);
    expect(states.length).toBeGreaterThan(0);
    const state = states[states.length - 1].value;
    const firstIds = first.filter((m) => m.type === 'RECORD').map((m) => Number(m.record?.id));
    expect(firstIds.length).toBeLessThan(ROWS);
    expect(first.filter((m) => m.type === 'ACTIVATE_VERSION')).toHaveLength(1);

    const second = await tap(['-c', config, '--catalog', catalog, '--state', writeJsonTemp(state, 'state')]);
    expect(second.code).toBe(0);
    const messages = parseOutput(second.stdout);
    const secondIds = messages.filter((m) => m.type === 'RECORD').map((m) => Number(m.record?.id));
    const union = new Set([...firstIds, ...secondIds]);
    expect(union.size).toBe(ROWS);
    const duplicates = firstIds.length + secondIds.length - ROWS;
    expect(duplicates).toBeGreaterThanOrEqual(0);
    expect(duplicates).toBeLessThanOrEqual(ITERSIZE);
    expect(secondIds[0]).toBe(Number(bookmarkOf(states[states.length - 1])?.last_pk_fetched?.id) + 1);

    const version = bookmarkOf(states[0])?.version;
    expect(messages.filter((m) => m.type === 'RECORD').every((m) => m.version === version)).toBe(true);
    const activates = messages.filter((m) => m.type === 'ACTIVATE_VERSION');
    expect(activates.map((m) => m.version)).toEqual([version]);
    expect(messages.indexOf(activates[0])).toBeGreaterThan(messages.findIndex((m) => m.type === 'RECORD'));
    const last = messages[messages.length - 1];
    expect(last.type).toBe('STATE');
    expect(last.value).toEqual({
      currently_syncing: null,
      bookmarks: { 'public-big': { last_replication_method: 'FULL_TABLE', version } },
    });
  });

  it('on SIGTERM finishes the batch, writes its STATE and exits 143', async () => {
    const config = configFile(db, { itersize: ITERSIZE });
    const catalog = await selectedCatalog(config, choose(['public-big'], { method: 'FULL_TABLE' }));
    const args = ['-c', config, '--catalog', catalog];
    const result = await runBinWatched('tap-postgres', args, signalAt('"last_pk_fetched"', 'SIGTERM'));
    expect(result.code).toBe(143);
    const messages = parseOutput(result.stdout);
    const last = messages[messages.length - 1];
    expect(last.type).toBe('STATE');
    const records = messages.filter((m) => m.type === 'RECORD');
    expect(records.length).toBeLessThan(ROWS);
    expect(bookmarkOf(last)?.last_pk_fetched?.id).toBe(String(records[records.length - 1].record?.id));
  });

  it('restarts a keyless table from the beginning with a new version', async () => {
    const config = configFile(db);
    const catalog = await selectedCatalog(config, choose(['public-keyless'], { method: 'FULL_TABLE' }));
    const state = {
      currently_syncing: 'public-keyless',
      bookmarks: { 'public-keyless': { last_replication_method: 'FULL_TABLE', version: 1 } },
    };
    const result = await tap(['-c', config, '--catalog', catalog, '--state', writeJsonTemp(state, 'state')]);
    expect(result.code).toBe(0);
    const messages = parseOutput(result.stdout);
    expect(messages.filter((m) => m.type === 'RECORD')).toHaveLength(10);
    const activates = messages.filter((m) => m.type === 'ACTIVATE_VERSION');
    expect(activates).toHaveLength(1);
    expect(activates[0].version).not.toBe(1);
  });

  it.each([
    ['a keyless table', 'public-keyless', 10],
    ['a table with a key', 'public-big', ROWS],
  ])("pipelinewise's xmin bookmark (%s): the whole table again under its version", async (_name, id, count) => {
    const config = configFile(db, { itersize: 50_000 });
    const catalog = await selectedCatalog(config, choose([id], { method: 'FULL_TABLE' }));
    const table = id.replace('public-', '');
    // The newest xmin of the table: a pipelinewise resume (age(xmin) <= age(bookmark)) would send only its rows.
    const { rows } = await db.query<{ x: string }>(`SELECT max(xmin::text::bigint)::text AS x FROM ${table}`);
    const state = {
      bookmarks: { [id]: { last_replication_method: 'FULL_TABLE', version: 7, xmin: Number(rows[0].x) } },
    };
    const result = await tap(['-c', config, '--catalog', catalog, '--state', writeJsonTemp(state, 'state')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /interrupted FULL_TABLE copy \(xmin \d+\) cannot be resumed .*copying the whole table again, version 7/,
    );
    const messages = parseOutput(result.stdout);
    const records = messages.filter((m) => m.type === 'RECORD');
    expect(records).toHaveLength(count);
    expect(records.every((m) => m.version === 7)).toBe(true);
    expect(messages.filter((m) => m.type === 'ACTIVATE_VERSION').map((m) => m.version)).toEqual([7]);
    // No state of this run carries the xmin on: an interruption now resumes by key (or starts over, keyless).
    expect(messages.filter((m) => m.type === 'STATE').every((m) => !JSON.stringify(m.value).includes('xmin'))).toBe(
      true,
    );
    expect(messages[messages.length - 1].value?.bookmarks[id]).toEqual({
      last_replication_method: 'FULL_TABLE',
      version: 7,
    });
  });

  it('checkpoints every itersize rows although rows are fetched in smaller pieces', async () => {
    const config = configFile(db, { itersize: 25_000 });
    const catalog = await selectedCatalog(config, choose(['public-big'], { method: 'FULL_TABLE' }));
    const result = await tap(['-c', config, '--catalog', catalog]);
    expect(result.code).toBe(0);
    const messages = parseOutput(result.stdout);
    let records = 0;
    const checkpointedAt: number[] = [];
    for (const m of messages) {
      if (m.type === 'RECORD') records += 1;
      const point = m.type === 'STATE' ? bookmarkOf(m)?.last_pk_fetched : undefined;
      if (point !== undefined) {
        expect(Number(point.id)).toBe(records);
        checkpointedAt.push(records);
      }
    }
    expect(records).toBe(ROWS);
    expect(checkpointedAt).toEqual(Array.from({ length: ROWS / 25_000 }, (_, i) => (i + 1) * 25_000));
  });
});
