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
