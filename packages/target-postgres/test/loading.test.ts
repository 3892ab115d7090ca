import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { binPath, collect, writeJsonTemp } from '@pgsinger/testkit';
import { rec, schemaMsg, singer, state, states, targetHarness } from './harness';

const h = targetHarness('tgt_load');

beforeEach(h.reset);

describe('input', () => {
  it('stdin-file: reads a Singer file redirected to stdin (256 KiB reads), lines split across reads intact', async () => {
    const props = { id: { type: 'integer' }, t: { type: 'string' } };
    const lines = [schemaMsg('public-file', props)];
    for (let id = 1; id <= 6000; id++) lines.push(rec('public-file', { id, t: `row ${id} ${'é'.repeat(id % 300)}` }));
    lines.push(state({ done: true }));
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'pgsinger-stdin-')), 'input.singer');
    writeFileSync(file, singer(lines));
    const fd = openSync(file, 'r');
    const config = writeJsonTemp(h.config(), 'target');
    const child = spawn(process.execPath, [binPath('target-postgres'), '--config', config], {
      stdio: [fd, 'pipe', 'pipe'],
    });
    closeSync(fd);
    const result = await collect(child);
    expect(result.stderr).not.toMatch(/CRITICAL/);
    expect(result.code).toBe(0);
    expect(states(result)).toEqual([{ done: true }]);
    const { rows } = await h.db.query<{ n: string; bad: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE t <> 'row ' || id || ' ' || repeat('é', (id % 300)::int)) AS bad FROM tgt.file`,
    );
    expect(rows[0]).toEqual({ n: '6000', bad: '0' });
  });
});

describe('merge', () => {
  it('a record missing a property leaves the column unchanged on update and NULL on insert', async () => {
    const s = schemaMsg('m', {
      id: { type: 'integer' },
      a: { type: ['null', 'string'] },
      b: { type: ['null', 'string'] },
    });
    expect((await h.run([s, rec('m', { id: 1, a: 'a1', b: 'b1' }), rec('m', { id: 2, a: 'a2', b: 'b2' })])).code).toBe(
      0,
    );
    const second = await h.run([
      s,
      rec('m', { id: 1, a: 'A1' }),
      rec('m', { id: 2, b: null }),
      rec('m', { id: 3, b: 'b3' }),
    ]);
    expect(second.code).toBe(0);
    expect(await h.rows('m')).toEqual([
      { id: '1', a: 'A1', b: 'b1' },
      { id: '2', a: 'a2', b: null },
      { id: '3', a: null, b: 'b3' },
    ]);
  });

  it('a rerun of the same records writes nothing (unchanged rows are skipped)', async () => {
    const s = schemaMsg('same', {
      id: { type: 'integer' },
      v: { type: ['null', 'string'] },
      j: { type: ['null', 'object'] },
    });
    const input = [s, rec('same', { id: 1, v: 'a', j: { k: [1, 'x'] } }), rec('same', { id: 2, v: null, j: null })];
    expect((await h.run(input)).code).toBe(0);
    const before = (await h.db.query('SELECT id, xmin::text AS x FROM tgt.same ORDER BY id')).rows;
    expect((await h.run([...input, rec('same', { id: 3, v: 'new' })])).code).toBe(0);
    const after = (await h.db.query('SELECT id, xmin::text AS x FROM tgt.same ORDER BY id')).rows;
    expect(after.slice(0, 2)).toEqual(before);
    expect(after).toHaveLength(3);
  });

  it('merges into an existing table without a primary key (fallback path)', async () => {
    await h.db.query(
      'CREATE SCHEMA tgt; CREATE TABLE tgt.nopk (id bigint, v text); INSERT INTO tgt.nopk VALUES (1, $$old$$)',
    );
    const s = schemaMsg('nopk', { id: { type: 'integer' }, v: { type: ['null', 'string'] } });
    expect((await h.run([s, rec('nopk', { id: 1, v: 'new' }), rec('nopk', { id: 2, v: 'two' })])).code).toBe(0);
    expect(await h.rows('nopk')).toEqual([
      { id: '1', v: 'new' },
      { id: '2', v: 'two' },
    ]);
  });

  it('refuses a stream without keys unless primary_key_required is false, then appends', async () => {
    const s = schemaMsg('ev', { e: { type: 'string' } }, []);
    const refused = await h.run([s, rec('ev', { e: 'x' })]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/stream ev: no key_properties and primary_key_required is true/);
    const ok = await h.run([s, rec('ev', { e: 'x' }), rec('ev', { e: 'x' })], { primary_key_required: false });
    expect(ok.code).toBe(0);
    expect(await h.rows('ev')).toEqual([{ e: 'x' }, { e: 'x' }]);
  });
});

describe('state', () => {
  it('prints each state once its records are committed, in order, across interleaved streams', async () => {
    const a = schemaMsg('sa', { id: { type: 'integer' } });
    const b = schemaMsg('sb', { id: { type: 'integer' } });
    const result = await h.run(
      [
        a,
        b,
        state({ n: 0 }),
        rec('sa', { id: 1 }),
        state({ n: 1 }),
        rec('sb', { id: 1 }),
        rec('sa', { id: 2 }), // sa is full: its load releases n:1 (everything before n:1 is in it)
        state({ n: 2 }),
        rec('sb', { id: 2 }), // sb is full: its load releases n:2, printed after sa's load too has committed
        state({ n: 3 }),
        rec('sa', { id: 3 }),
        state({ n: 4 }), // released at the end
      ],
      { batch_size_rows: 2 },
    );
    expect(result.code).toBe(0);
    expect(states(result)).toEqual([{ n: 1 }, { n: 2 }, { n: 4 }]);
  });

  it('prints the state once at the end when no records came', async () => {
    const result = await h.run([state({ only: true })]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('{"only":true}\n');
  });
});
