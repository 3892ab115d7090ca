import { testDatabase } from '@pgsinger/testkit';
import { bigValueSql, compareBig } from './harness/big-value';
import { measuredSync } from './harness/measured-sync';
import type { MeasuredSync } from './harness/measured-sync';

// Big values through LOG_BASED, with wal2json and with pgoutput. After the initial copy, one transaction inserts a
// row with a big text, another sets a big bytea on an existing row, a third updates another column of both rows
// (their TOASTed values unchanged: wal2json leaves them out, pgoutput marks them unchanged). Destination = source by
// md5 in SQL; peak RSS of both programs is printed for the README.
const db = testDatabase({ prefix: 'rel_big_lb' });
const MB = 1024 * 1024;
/** Size of each big value: 40 MB in `npm test`; PGSINGER_BIG_LOG_BASED_MB=100 runs the 100 MB. */
const SIZE_MB = Number(process.env.PGSINGER_BIG_LOG_BASED_MB ?? 40);

const exits = (run: MeasuredSync): object => ({
  tap: run.tap.code,
  target: run.target.code,
  tapErr: run.tap.code === 0 ? '' : run.tap.stderr.slice(-1500),
  targetErr: run.target.code === 0 ? '' : run.target.stderr.slice(-1500),
});
const ok = { tap: 0, target: 0, tapErr: '', targetErr: '' };

describe('big values through LOG_BASED', () => {
  afterAll(async () => {
    await db.query(
      `SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
        WHERE database = current_database() AND NOT active`,
    );
  });

  it.each(['wal2json', 'pgoutput'] as const)(
    `%s: a ${SIZE_MB} MB text inserted and a ${SIZE_MB} MB bytea updated after the initial copy arrive byte for byte`,
    async (plugin) => {
      const src = `lb_${plugin}_src`;
      const dst = `lb_${plugin}_dst`;
      await db.query(
        `CREATE SCHEMA ${src}; CREATE TABLE ${src}.big (id int PRIMARY KEY, n int, t text, b bytea);
         INSERT INTO ${src}.big VALUES (1, 0, 'small', '\\x00')`,
      );
      const sync = (state?: string): Promise<MeasuredSync> =>
        measuredSync(db.settings, {
          schemas: [src],
          targetSchema: dst,
          selection: { method: 'LOG_BASED' },
          timeoutMs: 900_000,
          tap: { logical_decoding_plugin: plugin, slot_name: `big_${plugin}` },
          ...(state === undefined ? {} : { state }),
        });
      const initial = await sync();
      expect(exits(initial)).toEqual(ok);
      await db.query(`INSERT INTO ${src}.big SELECT 2, 0, ${bigValueSql('text', SIZE_MB, 1)}, NULL`);
      await db.query(`UPDATE ${src}.big SET b = ${bigValueSql('bytea', SIZE_MB, 2)} WHERE id = 1`);
      await db.query(`UPDATE ${src}.big SET n = n + 1`);
      const run = await sync(initial.state);
      process.stdout.write(
        `LOG_BASED ${plugin}, ${SIZE_MB} MB text + ${SIZE_MB} MB bytea: sync ${run.syncMs} ms, ` +
          `tap peak ${run.tapPeakMb} MB, target peak ${run.targetPeakMb} MB\n`,
      );
      expect(exits(run)).toEqual(ok);
      const big = (r: { bytes: number | null }): boolean => (r.bytes ?? 0) >= SIZE_MB * MB;
      const text = await compareBig(db, src, dst, 't');
      const bytea = await compareBig(db, src, dst, 'b');
      expect({
        text: text.map((r) => ({ id: r.id, same: r.same, big: big(r) })),
        bytea: bytea.map((r) => ({ id: r.id, same: r.same, big: big(r) })),
      }).toEqual({
        text: [
          { id: 1, same: true, big: false },
          { id: 2, same: true, big: true },
        ],
        bytea: [
          { id: 1, same: true, big: true },
          { id: 2, same: true, big: false },
        ],
      });
      const n = await db.query<{ id: number; n: number }>(`SELECT id, n FROM ${dst}.big ORDER BY id`);
      expect(n.rows).toEqual([
        { id: 1, n: 1 },
        { id: 2, n: 1 },
      ]);
    },
    1_800_000,
  );
});
