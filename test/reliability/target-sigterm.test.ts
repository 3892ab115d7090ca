import { collect, spawnBin, testDatabase, waitForOutput, writeJsonTemp } from '@pgsinger/testkit';

// SIGTERM to the target once it has read records and a STATE: it loads what it holds, prints that state and exits
// 143. (The fault suite sends SIGTERM at random moments, when it cannot know what the target had read.)
const db = testDatabase({ prefix: 'rel_sigterm' });

const SCHEMA = {
  type: 'SCHEMA',
  stream: 's',
  key_properties: ['id'],
  schema: { properties: { id: { type: 'integer' } } },
};

describe('target-postgres and SIGTERM', () => {
  it.each([[100_000], [4]])(
    'batch_size_rows %i: loads the buffered records, prints the state, exits 143',
    async (batch) => {
      const config = writeJsonTemp(
        { ...db.settings, default_target_schema: `term_${batch}`, batch_size_rows: batch },
        't',
      );
      const child = spawnBin('target-postgres', ['--config', config]);
      const done = collect(child, 30_000);
      const read = waitForOutput(child, /marker: CREATE TABLE/, { stream: 'stderr', timeoutMs: 20_000 });
      const records = Array.from({ length: 10 }, (_v, i) =>
        JSON.stringify({ type: 'RECORD', stream: 's', record: { id: i } }),
      );
      child.stdin?.write(
        [
          JSON.stringify({ ...SCHEMA, schema: { type: 'object', ...SCHEMA.schema } }),
          ...records,
          '{"type":"STATE","value":{"n":1}}',
          JSON.stringify({ ...SCHEMA, stream: 'marker', schema: { type: 'object', ...SCHEMA.schema } }),
          '',
        ].join('\n'),
      );
      // stdin stays open, as when the tap is still running. The target handles lines in order: once it logs the
      // CREATE TABLE of the last SCHEMA (stream `marker`), it has handled the records and the STATE before it.
      await read;
      child.kill('SIGTERM');
      const result = await done;
      const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM term_${batch}.s`);
      const lines = result.stdout.trim().split('\n');
      expect({ code: result.code, last: lines[lines.length - 1], rows: rows.rows[0]?.n }).toEqual({
        code: 143,
        last: '{"n":1}',
        rows: 10,
      });
    },
    60_000,
  );
});
