import { collect, spawnBin, waitForOutput, writeJsonTemp } from '@pgsinger/testkit';
import { rec, schemaMsg, singer, state, states, targetHarness, type Line } from './harness';

const h = targetHarness('tgt_flush');

beforeEach(h.reset);

const a = schemaMsg('fa', { id: { type: 'integer' } });
const b = schemaMsg('fb', { id: { type: 'integer' } });

describe('flush policy', () => {
  it('flush_all_streams flushes every stream when one is full', async () => {
    const input = [
      a,
      b,
      rec('fb', { id: 1 }),
      state({ n: 1 }),
      rec('fa', { id: 1 }),
      rec('fa', { id: 2 }),
      state({ n: 2 }),
    ];
    const result = await h.run(input, { batch_size_rows: 2, flush_all_streams: true });
    expect(result.code).toBe(0);
    // fa filling up flushed fb too, so n:1 was printed before the end.
    expect(states(result)).toEqual([{ n: 1 }, { n: 2 }]);
    const alone = await h.run(input, { batch_size_rows: 2 });
    expect(states(alone)).toEqual([{ n: 2 }]);
  });

  it('many-streams-pending-states: 40 streams with a STATE after each record: no STATE forces a load', async () => {
    const input = [];
    for (let i = 1; i <= 40; i++) {
      input.push(schemaMsg(`m${i}`, { id: { type: 'integer' } }), rec(`m${i}`, { id: i }), state({ n: i }));
    }
    const result = await h.run(input);
    expect(result.code).toBe(0);
    // One load per stream, at the end of input (before issue 22, 16 waiting states forced loads of every stream).
    expect(result.stderr.match(/ m\d+: loaded 1 rows/g)).toHaveLength(40);
    const printed = states(result) as { n: number }[];
    // The end-of-input loads commit stream by stream and release the states in between, in input order.
    expect(printed.length).toBeGreaterThanOrEqual(2);
    expect(printed.at(-1)).toEqual({ n: 40 });
    expect(printed.map((p) => p.n)).toEqual([...new Set(printed.map((p) => p.n))].sort((x, y) => x - y));
    const { rows } = await h.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'tgt' AND table_name LIKE 'm%'`,
    );
    expect(rows[0].n).toBe('40');
  });

  it('upserts into a full table: batches whose merges overlap still apply and print their states in order', async () => {
    const o = schemaMsg('fo', { id: { type: 'integer' }, v: { type: 'integer' } });
    const round = (v: number): Line[] => [
      ...Array.from({ length: 50 }, (_, i) => rec('fo', { id: i + 1, v: v * 100 + i })),
      state({ n: v }),
    ];
    expect((await h.run([o, ...round(0)])).code).toBe(0);
    // 20 batches of the same 50 keys: a batch merged before the one ahead of it would leave an older value.
    const result = await h.run([o, ...Array.from({ length: 20 }, (_, r) => round(r + 1)).flat()], {
      batch_size_rows: 50,
    });
    expect(result.code).toBe(0);
    expect(result.stderr.match(/ fo: loaded 50 rows/g)?.length ?? result.stderr).toBe(20);
    expect((states(result) as { n: number }[]).map((s) => s.n)).toEqual(Array.from({ length: 20 }, (_, r) => r + 1));
    const { rows } = await h.db.query<{ id: string; v: string }>('SELECT id::text, v::text FROM tgt.fo ORDER BY fo.id');
    expect(rows).toEqual(Array.from({ length: 50 }, (_, i) => ({ id: String(i + 1), v: String(2000 + i) })));
  });

  it('batch_size_bytes bounds a batch', async () => {
    const big = 'x'.repeat(1000);
    const padded = schemaMsg('fa', { id: { type: 'integer' }, pad: { type: ['null', 'string'] } });
    const input = [padded, rec('fa', { id: 2 }), state({ n: 1 }), rec('fa', { id: 1, pad: big }), state({ n: 2 })];
    const result = await h.run(input, { batch_size_bytes: 500 });
    expect(states(result)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('batch_flush_interval flushes an idle stream and prints its state before input ends', async () => {
    const config = writeJsonTemp(h.config({ batch_flush_interval: 1 }), 'age');
    const child = spawnBin('target-postgres', ['--config', config]);
    const done = collect(child, 60_000);
    const first = waitForOutput(child, /\n/);
    child.stdin?.write(singer([a, rec('fa', { id: 1 }), state({ n: 1 })]));
    expect(JSON.parse((await first).trim())).toEqual({ n: 1 });
    child.stdin?.end();
    expect((await done).code).toBe(0);
    expect(await h.rows('fa')).toEqual([{ id: '1' }]);
  });
});

describe('signals', () => {
  it('SIGTERM: stops reading, loads what is buffered, prints the state, exits 143', async () => {
    const config = writeJsonTemp(h.config(), 'term');
    const child = spawnBin('target-postgres', ['--config', config]);
    const done = collect(child, 60_000);
    // The SCHEMA of fb follows the records and the STATE: once fb's CREATE TABLE is logged, the target has read
    // them. Then stop it while stdin stays open.
    const read = waitForOutput(child, /fb: CREATE TABLE/, { stream: 'stderr' });
    child.stdin?.write(singer([a, rec('fa', { id: 1 }), rec('fa', { id: 2 }), state({ n: 2 }), b]));
    await read;
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(143);
    expect(result.stdout).toBe('{"n":2}\n');
    expect(await h.rows('fa')).toEqual([{ id: '1' }, { id: '2' }]);
  });
});
