import { failure, runBin, runBinWatched, signalAt, testDatabase, writeJsonTemp } from '@pgsinger/testkit';
import { configFile, lastState, parseOutput, selectedCatalog, tap, type OutputMessage } from './helpers';

// The three scale-out steps through the bin, one at a time (the engine-driven e2e run is test/e2e/scale-out-slurm).

const db = testDatabase({ prefix: 'tap_scale_out' });

interface Plan {
  plan_id: string;
  partitions: number;
  streams: {
    tap_stream_id: string;
    version: number;
    split_key: { name: string }[];
    ranges: ({ from?: string[]; to?: string[] } | null)[];
    bookmark: Record<string, unknown>;
  }[];
}

beforeAll(async () => {
  await db.query(`
    CREATE TABLE pairs (tenant text, n int, v text, PRIMARY KEY (tenant, n));
    INSERT INTO pairs SELECT 'big', g, 'x' FROM generate_series(1, 30000) g;
    INSERT INTO pairs SELECT 'tenant ' || g, 1, 'y' FROM generate_series(1, 10000) g;
    CREATE TABLE keyless (n int, v text);
    INSERT INTO keyless SELECT g, 'k' FROM generate_series(1, 100) g;
    CREATE VIEW pairs_view AS SELECT tenant, n FROM pairs;
    CREATE TABLE items (id int PRIMARY KEY, updated_at timestamptz NOT NULL, v text);
    INSERT INTO items SELECT g, '2024-01-01'::timestamptz + g * interval '1 s', 'v' FROM generate_series(1, 20000) g;`);
});

async function plan(config: string, catalog: string, partitions: number, state?: unknown): Promise<Plan> {
  const args = ['-c', config, '--catalog', catalog, '--plan-partitions', String(partitions)];
  if (state !== undefined) args.push('--state', writeJsonTemp(state, 'state'));
  const result = await tap(args);
  if (result.code !== 0) throw new Error(`plan failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Plan;
}

async function partition(
  config: string,
  catalog: string,
  planFile: string,
  index: number | undefined,
  options: { state?: unknown; env?: NodeJS.ProcessEnv } = {},
): Promise<OutputMessage[]> {
  const args = ['-c', config, '--catalog', catalog, '--plan', planFile];
  if (index !== undefined) args.push('--partition', String(index));
  if (options.state !== undefined) args.push('--state', writeJsonTemp(options.state, 'state'));
  const result = await runBin('tap-postgres', args, { env: options.env, timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`partition failed: ${result.stderr}`);
  return parseOutput(result.stdout);
}

const recordKeys = (messages: readonly OutputMessage[]): string[] =>
  messages.filter((m) => m.type === 'RECORD').map((m) => `${String(m.record?.tenant)}|${String(m.record?.n)}`);

describe('--plan-partitions', () => {
  it('splits a skewed composite key evenly, and leaves keyless tables and views to partition 0', async () => {
    const config = configFile(db);
    const catalog = await selectedCatalog(config, {
      'public-pairs': { method: 'FULL_TABLE' },
      'public-keyless': { method: 'FULL_TABLE' },
      'public-pairs_view': { method: 'FULL_TABLE' },
    });
    const planned = await plan(config, catalog, 4);
    expect(planned.partitions).toBe(4);
    const byId = Object.fromEntries(planned.streams.map((stream) => [stream.tap_stream_id, stream]));
    expect(byId['public-keyless'].ranges).toEqual([{}, null, null, null]);
    expect(byId['public-pairs_view'].split_key).toEqual([]);
    const pairs = byId['public-pairs'];
    expect(pairs.split_key.map((key) => key.name)).toEqual(['tenant', 'n']);
    expect(pairs.ranges).toHaveLength(4);
    for (const range of pairs.ranges) {
      const conditions: string[] = [];
      const values: string[] = [];
      if (range?.from) conditions.push(`(tenant, n) >= ($${values.push(...range.from) - 1}, $${values.length}::int)`);
      if (range?.to) conditions.push(`(tenant, n) < ($${values.push(...range.to) - 1}, $${values.length}::int)`);
      const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
      const count = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pairs ${where}`, values);
      // 40,000 rows, 30,000 of them under one tenant: each range still holds about a quarter.
      expect(count.rows[0].n).toBeGreaterThan(8000);
      expect(count.rows[0].n).toBeLessThan(12000);
    }
  });

  it('plans only streams that need a first copy; with none, one clear error', async () => {
    const config = configFile(db);
    const catalog = await selectedCatalog(config, {
      'public-items': { method: 'INCREMENTAL', replicationKey: 'updated_at' },
      'public-keyless': { method: 'FULL_TABLE' },
    });
    const state = {
      bookmarks: {
        'public-items': {
          last_replication_method: 'INCREMENTAL',
          replication_key: 'updated_at',
          replication_key_value: '2024-01-01',
        },
      },
    };
    const planned = await plan(config, catalog, 2, state);
    expect(planned.streams.map((stream) => stream.tap_stream_id)).toEqual(['public-keyless']);
    const only = await selectedCatalog(config, {
      'public-items': { method: 'INCREMENTAL', replicationKey: 'updated_at' },
    });
    const args = ['-c', config, '--catalog', only, '--plan-partitions', '2', '--state', writeJsonTemp(state, 'state')];
    expect(failure(await tap(args))).toMatch(
      /^CRITICAL nothing to plan: every selected stream continues from its bookmark/,
    );
  });
});

describe('--plan --partition', () => {
  it('sends only its range under the plan version, no ACTIVATE_VERSION, resumes from its own state', async () => {
    const config = configFile(db, { itersize: 1000 });
    const catalog = await selectedCatalog(config, { 'public-pairs': { method: 'FULL_TABLE' } });
    const planned = await plan(config, catalog, 3);
    const planFile = writeJsonTemp(planned, 'plan');
    const stream = planned.streams[0];
    // Partition 1 from SLURM_ARRAY_TASK_ID, stopped by SIGTERM at its first checkpoint, then resumed.
    const stopped = await runBinWatched(
      'tap-postgres',
      ['-c', config, '--catalog', catalog, '--plan', planFile],
      signalAt('"last_pk_fetched"', 'SIGTERM'),
      { env: { SLURM_ARRAY_TASK_ID: '1' } },
    );
    expect(stopped.code).toBe(143);
    const first = parseOutput(stopped.stdout);
    const checkpoint = lastState(first) as { bookmarks: Record<string, Record<string, unknown>> };
    expect(checkpoint.bookmarks['public-pairs'].partition).toEqual({
      plan_id: planned.plan_id,
      index: 1,
      complete: false,
    });
    const resumed = await partition(config, catalog, planFile, undefined, {
      state: checkpoint,
      env: { JOB_COMPLETION_INDEX: '1' },
    });
    const after = checkpoint.bookmarks['public-pairs'].last_pk_fetched as { tenant: string; n: string };
    const successor = await db.query<{ key: string }>(
      `SELECT tenant || '|' || n AS key FROM pairs WHERE (tenant, n) > ($1, $2::int) ORDER BY tenant, n LIMIT 1`,
      [after.tenant, after.n],
    );
    expect(recordKeys(resumed)[0]).toBe(successor.rows[0].key);
    const expected = await db.query<{ key: string }>(
      `SELECT tenant || '|' || n AS key FROM pairs WHERE (tenant, n) >= ($1, $2::int) AND (tenant, n) < ($3, $4::int)`,
      [...(stream.ranges[1]?.from ?? []), ...(stream.ranges[1]?.to ?? [])],
    );
    const firstKeys = recordKeys(first);
    const union = new Set([...firstKeys, ...recordKeys(resumed)]);
    expect([...union].sort()).toEqual(expected.rows.map((row) => row.key).sort());
    expect(recordKeys(resumed)).not.toContain(`${after.tenant}|${after.n}`);
    for (const messages of [first, resumed]) {
      expect(messages.filter((m) => m.type === 'ACTIVATE_VERSION')).toEqual([]);
      expect(messages.filter((m) => m.type === 'RECORD').every((m) => m.version === stream.version)).toBe(true);
    }
    const done = lastState(resumed) as { bookmarks: Record<string, Record<string, unknown>> };
    expect(done.bookmarks['public-pairs']).toEqual({
      last_replication_method: 'FULL_TABLE',
      version: stream.version,
      partition: { plan_id: planned.plan_id, index: 1, complete: true },
    });
    // Run again from its complete state: nothing more.
    expect(recordKeys(await partition(config, catalog, planFile, 1, { state: done }))).toEqual([]);
  });

  it("refuses a missing index, an index out of range, another partition's state, another database", async () => {
    const config = configFile(db);
    const catalog = await selectedCatalog(config, { 'public-keyless': { method: 'FULL_TABLE' } });
    const planned = await plan(config, catalog, 2);
    const planFile = writeJsonTemp(planned, 'plan');
    const base = ['-c', config, '--catalog', catalog, '--plan', planFile];
    expect(failure(await tap(base))).toMatch(/^CRITICAL --plan needs a partition index: no --partition and none of/);
    expect(failure(await tap([...base, '--partition', '2']))).toMatch(
      /^CRITICAL partition index "2" \(from --partition\) is not one of 0…1 — pass --partition 0…1/,
    );
    const zero = await partition(config, catalog, planFile, 0);
    const otherState = writeJsonTemp(lastState(zero), 'state');
    expect(failure(await tap([...base, '--partition', '1', '--state', otherState]))).toMatch(
      new RegExp(`^CRITICAL --state is partition 0's state of plan ${planned.plan_id}, not partition 1`),
    );
    const elsewhere = writeJsonTemp({ ...planned, database: 'elsewhere' }, 'plan');
    expect(failure(await tap(['-c', config, '--catalog', catalog, '--plan', elsewhere, '--partition', '0']))).toMatch(
      /^CRITICAL the plan is for database "elsewhere", the config connects to "/,
    );
    const merge = ['--plan', planFile, '--merge-states', otherState];
    expect(failure(await tap(merge))).toMatch(/^CRITICAL no state of partition 1 of 2 — run every partition/);
  });
});

describe('the run after --merge-states', () => {
  it('activates the copied version once, after SCHEMA and before anything else', async () => {
    const config = configFile(db);
    const catalog = await selectedCatalog(config, {
      'public-keyless': { method: 'FULL_TABLE' },
      'public-items': { method: 'INCREMENTAL', replicationKey: 'updated_at' },
    });
    const planned = await plan(config, catalog, 2);
    const planFile = writeJsonTemp(planned, 'plan');
    const states = [0, 1].map(async (i) =>
      writeJsonTemp(lastState(await partition(config, catalog, planFile, i)), 'state'),
    );
    const merged = await tap(['--plan', planFile, '--merge-states', ...(await Promise.all(states))]);
    expect(merged.code).toBe(0);
    const state = JSON.parse(merged.stdout) as { bookmarks: Record<string, Record<string, unknown>> };
    const items = planned.streams.find((s) => s.tap_stream_id === 'public-items');
    expect(state.bookmarks['public-items']).toEqual({
      last_replication_method: 'INCREMENTAL',
      replication_key: 'updated_at',
      replication_key_value: '2024-01-01T05:33:20+00:00',
      replication_key_pk: { id: '20000' },
      replication_key_xmin: expect.any(Number),
      version: items?.version,
      pending_activate_version: items?.version,
    });
    const next = parseOutput(
      (await tap(['-c', config, '--catalog', catalog, '--state', writeJsonTemp(state, 'state')])).stdout,
    );
    for (const stream of planned.streams) {
      const own = next.filter((m) => m.stream === stream.tap_stream_id);
      const types = own.map((m) =>
        m.type === 'ACTIVATE_VERSION' ? `ACTIVATE ${m.version === stream.version ? 'V' : 'new'}` : m.type,
      );
      expect(types[0]).toBe('SCHEMA');
      expect(types[1]).toBe('ACTIVATE V');
      expect(types.filter((t) => t === 'ACTIVATE V')).toHaveLength(1);
    }
    // INCREMENTAL continues after the last row of the plan: nothing changed, nothing sent.
    expect(next.filter((m) => m.type === 'RECORD' && m.stream === 'public-items')).toEqual([]);
    const final = lastState(next) as { bookmarks: Record<string, Record<string, unknown>> };
    expect(final.bookmarks['public-items'].pending_activate_version).toBeUndefined();
    expect(final.bookmarks['public-keyless'].pending_activate_version).toBeUndefined();
  });
});
