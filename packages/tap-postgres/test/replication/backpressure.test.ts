import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { findPgBin, testDatabase } from '@pgsinger/testkit';
import type { DecodedChange, LogicalDecodingPlugin, ReplicationStream, TableName } from '../../src/replication';
import { currentWalLsn, dropSlot, ensurePublication, formatLsn } from '../../src/replication';
import { createTestSlot, openStream } from './helpers';

const db = testDatabase({ prefix: 'tap_replication_bp' });
const ROWS = 200_000;
const TABLES: TableName[] = [{ schema: 'public', table: 'bulk' }];

/** Drains a stream until `inserts` inserts and their commit arrived, pausing like a slow consumer when asked. */
async function drain(
  stream: ReplicationStream<DecodedChange>,
  inserts: number,
  slow: boolean,
): Promise<{ seconds: number; maxHeapMb: number }> {
  const started = process.hrtime.bigint();
  let seen = 0;
  let maxHeap = 0;
  for await (const change of stream) {
    if (change.kind === 'insert') seen += 1;
    if (seen % 1000 === 0) maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
    if (slow && change.kind === 'insert' && seen % 200 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    if (change.kind === 'commit' && seen >= inserts) break;
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, maxHeapMb: maxHeap / 2 ** 20 };
}

beforeAll(async () => {
  await db.query('CREATE TABLE bulk (id int PRIMARY KEY, amount numeric, label text, at timestamptz)');
});

describe.each<LogicalDecodingPlugin>(['wal2json', 'pgoutput'])('%s', (plugin) => {
  const slotName = `bp_${plugin}`;
  const publication = `bp_pub_${plugin}`;
  let start: bigint;
  let end: bigint;

  beforeAll(async () => {
    if (plugin === 'pgoutput') await ensurePublication(db, publication, TABLES);
    start = await createTestSlot(db, slotName, plugin);
    await db.query('TRUNCATE bulk');
    await db.query(
      `INSERT INTO bulk SELECT g, g * 1.25, 'label ' || g, '2024-01-01'::timestamptz + g * interval '1 second'
         FROM generate_series(1, $1) g`,
      [ROWS],
    );
    end = await currentWalLsn(db);
  }, 120_000);

  afterAll(async () => {
    await dropSlot(db, slotName);
  });

  test(`a fast consumer decodes a ${ROWS}-row transaction (throughput, pg_recvlogical beside it)`, async () => {
    const stream = await openStream(db, { plugin, slotName, startLsn: start, tables: TABLES, publication });
    let result;
    try {
      result = await drain(stream, ROWS, false);
    } finally {
      await stream.stop();
    }
    const binDir = findPgBin();
    let baseline = '';
    if (binDir !== undefined) {
      // pg_recvlogical confirms what it reads: give it a copy so the slot itself stays where it was.
      const copy = `${slotName}_recvlogical`;
      await db.query('SELECT pg_copy_logical_replication_slot($1, $2)', [slotName, copy]);
      const options =
        plugin === 'wal2json'
          ? ['-o', 'format-version=2', '-o', 'include-timestamp=1', '-o', 'add-tables=public.bulk']
          : ['-o', 'proto_version=1', '-o', `publication_names=${publication}`];
      const t0 = process.hrtime.bigint();
      const run = spawnSync(
        path.join(binDir, 'pg_recvlogical'),
        ['-d', db.url, '--slot', copy, '--start', '--no-loop', '-E', formatLsn(end), '-f', '/dev/null', ...options],
        { encoding: 'utf8', timeout: 60_000 },
      );
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      await dropSlot(db, copy);
      baseline =
        run.status === 0
          ? `, pg_recvlogical ${Math.round(ROWS / seconds)}/s`
          : `, pg_recvlogical failed: ${run.stderr}`;
    }
    console.log(
      `${plugin}: ${Math.round(ROWS / result.seconds)} changes/s decoded (heap peak ${Math.round(result.maxHeapMb)} MB)${baseline}`,
    );
    expect(stream.stats.frames).toBeGreaterThanOrEqual(ROWS);
  }, 120_000);

  test('a slow consumer pauses the socket: the queue stays bounded', async () => {
    const stream = await openStream(db, {
      plugin,
      slotName,
      startLsn: start,
      tables: TABLES,
      publication,
      highWaterMark: 1000,
    });
    let result;
    try {
      result = await drain(stream, ROWS, true);
    } finally {
      await stream.stop();
    }
    console.log(
      `${plugin} slow consumer: ${stream.stats.pauses} pauses, max queued ${stream.stats.maxQueued}, heap peak ${Math.round(result.maxHeapMb)} MB`,
    );
    expect(stream.stats.pauses).toBeGreaterThan(10);
    // At most the high-water mark plus what one socket read (≤ 64 KiB of small frames) still delivers.
    expect(stream.stats.maxQueued).toBeLessThan(1000 + 1500);
    expect(result.maxHeapMb).toBeLessThan(300);
  }, 180_000);
});
