import { spawnBin, writeJsonTemp } from '@pgsinger/testkit';
import { rec, schemaMsg, singer, state, states, targetHarness } from './harness';

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

  it('many-streams-pending-states: past 16 states waiting for loads, every stream holding rows is loaded', async () => {
    const input = [];
    for (let i = 1; i <= 40; i++) {
      input.push(schemaMsg(`m${i}`, { id: { type: 'integer' } }), rec(`m${i}`, { id: i }), state({ n: i }));
    }
    const result = await h.run(input);
    expect(result.code).toBe(0);
    const printed = states(result) as { n: number }[];
    // Without the bound only the end would print (one state); with it, states come out as the loads commit.
    expect(printed.length).toBeGreaterThanOrEqual(2);
    expect(printed.at(-1)).toEqual({ n: 40 });
    expect(printed.map((p) => p.n)).toEqual([...printed.map((p) => p.n)].sort((x, y) => x - y));
    const { rows } = await h.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'tgt' AND table_name LIKE 'm%'`,
    );
    expect(rows[0].n).toBe('40');
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
    child.stderr?.resume();
    child.stdin?.write(singer([a, rec('fa', { id: 1 }), state({ n: 1 })]));
    const first = await new Promise<string>((resolve) => {
      let out = '';
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('\n')) resolve(out);
      });
    });
    expect(JSON.parse(first.trim())).toEqual({ n: 1 });
    const closed = new Promise((resolve) => child.once('close', resolve));
    child.stdin?.end();
    expect(await closed).toBe(0);
    expect(await h.rows('fa')).toEqual([{ id: '1' }]);
  });
});

describe('signals', () => {
  it('SIGTERM: stops reading, loads what is buffered, prints the state, exits 143', async () => {
    const config = writeJsonTemp(h.config(), 'term');
    const child = spawnBin('target-postgres', ['--config', config]);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    child.stdin?.write(singer([a, rec('fa', { id: 1 }), rec('fa', { id: 2 }), state({ n: 2 })]));
    // Wait until the table exists (the SCHEMA was handled), then stop the target while stdin stays open.
    for (let i = 0; i < 100 && !stderr.includes('CREATE TABLE'); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGTERM');
    expect(await closed).toBe(143);
    expect(stdout).toBe('{"n":2}\n');
    expect(await h.rows('fa')).toEqual([{ id: '1' }, { id: '2' }]);
  });
});
