import { writeJsonTemp } from '@pgsinger/testkit';
import { writeFileSync } from 'node:fs';
import { keylessRanges, rangesFromStarts, samplePercent } from '../../src/partition/key-ranges';
import { mergePartitionStates } from '../../src/partition/merge-states';
import { readPartitionState } from '../../src/partition/partition-commands';
import { partitionIndex } from '../../src/partition/partition-index';
import { PLAN_FORMAT, type PartitionPlan } from '../../src/partition/partition-plan';
import { readPlanFile } from '../../src/partition/plan-file';
import { rangeQuery } from '../../src/partition/range-query';
import { scaleOutStep } from '../../src/partition/scale-out-step';

const quiet = { warn: () => undefined };

const plan: PartitionPlan = {
  format: PLAN_FORMAT,
  plan_id: 'p1',
  created_at: '2026-01-01T00:00:00.000Z',
  database: 'db',
  partitions: 2,
  streams: [
    {
      tap_stream_id: 'public-a',
      replication_method: 'LOG_BASED',
      version: 7,
      split_key: [{ name: 'id', sql_datatype: 'bigint' }],
      ranges: [{ to: ['10'] }, { from: ['10'] }],
      bookmark: { lsn: 123 },
      slot_name: 's',
    },
    {
      tap_stream_id: 'public-b',
      replication_method: 'FULL_TABLE',
      version: 8,
      split_key: [],
      ranges: [{}, null],
      bookmark: {},
    },
  ],
  state: { bookmarks: { 'public-other': { lsn: 5 }, 'public-a': { stale: true } }, currently_syncing: 'public-a' },
};

/** A partition's state with the given completeness per stream. */
const partitionState = (index: number, complete: Record<string, boolean>, planId = 'p1'): unknown => ({
  bookmarks: Object.fromEntries(
    Object.entries(complete).map(([id, done]) => [id, { partition: { plan_id: planId, index, complete: done } }]),
  ),
});

describe('scaleOutStep', () => {
  it('names the step and refuses combinations that mean nothing', () => {
    expect(scaleOutStep({})).toBeUndefined();
    expect(scaleOutStep({ planPartitions: 4 })).toBe('plan');
    expect(scaleOutStep({ plan: 'p.json' })).toBe('partition');
    expect(scaleOutStep({ plan: 'p.json', partition: 0 })).toBe('partition');
    expect(scaleOutStep({ plan: 'p.json', mergeStates: ['a'] })).toBe('merge');
    const message = (args: Parameters<typeof scaleOutStep>[0]): string => {
      try {
        scaleOutStep(args);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(message({ planPartitions: 4, plan: 'p.json' })).toMatch(/--plan-partitions makes a plan/);
    expect(message({ planPartitions: 0 })).toMatch(/is not a number of partitions/);
    expect(message({ planPartitions: 2.5 })).toMatch(/is not a number of partitions/);
    expect(message({ partition: 1 })).toMatch(/need --plan/);
    expect(message({ mergeStates: ['a'] })).toMatch(/need --plan/);
    expect(message({ plan: 'p', partition: 1, mergeStates: ['a'] })).toMatch(/not both/);
    expect(message({ plan: 'p', mergeStates: [] })).toMatch(/needs the state files/);
    expect(message({ discover: true, planPartitions: 2 })).toMatch(/--discover takes no scale-out flag/);
  });
});

describe('partitionIndex', () => {
  it('takes --partition first, then our variable, then the engines', () => {
    expect(partitionIndex(1, { SLURM_ARRAY_TASK_ID: '3' }, 4)).toEqual({ index: 1, source: '--partition' });
    expect(partitionIndex(undefined, { SLURM_ARRAY_TASK_ID: '3', TAP_POSTGRES_PARTITION: '0' }, 4)).toEqual({
      index: 0,
      source: 'TAP_POSTGRES_PARTITION',
    });
    expect(partitionIndex(undefined, { JOB_COMPLETION_INDEX: '2', SLURM_ARRAY_TASK_ID: '3' }, 4).source).toBe(
      'JOB_COMPLETION_INDEX',
    );
    expect(partitionIndex(undefined, { SLURM_ARRAY_TASK_ID: ' 3 ' }, 4).index).toBe(3);
    expect(partitionIndex(undefined, { AWS_BATCH_JOB_ARRAY_INDEX: '1' }, 2).index).toBe(1);
  });

  it('refuses a missing, negative, fractional or too large index with the range in the message', () => {
    expect(() => partitionIndex(undefined, {}, 4)).toThrow(/no --partition and none of TAP_POSTGRES_PARTITION/);
    expect(() => partitionIndex(undefined, { SLURM_ARRAY_TASK_ID: '' }, 4)).toThrow(/needs a partition index/);
    for (const text of ['4', '-1', '1.5', 'x', '1e2'])
      expect(() => partitionIndex(undefined, { JOB_COMPLETION_INDEX: text }, 4)).toThrow(/is not one of 0…3/);
    expect(() => partitionIndex(9, {}, 4)).toThrow(/"9" \(from --partition\) is not one of 0…3/);
  });
});

describe('key ranges', () => {
  it('turns the starts of ranges 1… into contiguous ranges covering every key', () => {
    expect(rangesFromStarts([['10'], ['20'], ['30']], 4)).toEqual([
      { to: ['10'] },
      { from: ['10'], to: ['20'] },
      { from: ['20'], to: ['30'] },
      { from: ['30'] },
    ]);
    expect(rangesFromStarts([['5', 'a']], 2)).toEqual([{ to: ['5', 'a'] }, { from: ['5', 'a'] }]);
    // Fewer sampled keys than partitions: the last partitions get nothing.
    expect(rangesFromStarts([['10']], 4)).toEqual([{ to: ['10'] }, { from: ['10'] }, null, null]);
    expect(rangesFromStarts([], 3)).toEqual([{}, null, null]);
    expect(keylessRanges(3)).toEqual([{}, null, null]);
  });

  it('samples 500 blocks per partition, all of a small table', () => {
    expect(samplePercent(1_000_000, 4)).toBeCloseTo(0.2);
    expect(samplePercent(2000, 4)).toBe(100);
    expect(samplePercent(0, 4)).toBe(100);
    expect(samplePercent(Number.NaN, 4)).toBe(100);
  });

  it('reads a range in key order with its bounds, resume point and NULL filter as parameters', () => {
    const keys = [
      { name: 'a', sqlDatatype: 'integer' },
      { name: 'b"c', sqlDatatype: 'text' },
    ];
    const read = { schema: 's', table: 't', columns: ['a', 'b"c', 'x'], only: false, keys };
    expect(
      rangeQuery({ ...read, range: { from: ['1', 'x'], to: ['9', "it's"] }, after: ['5', 'y'], notNull: 'x' }),
    ).toEqual({
      text:
        'SELECT "a", "b""c", "x" FROM "s"."t" WHERE ("a", "b""c") >= ($1::integer, $2::text)' +
        ' AND ("a", "b""c") < ($3::integer, $4::text) AND ("a", "b""c") > ($5::integer, $6::text) AND "x" IS NOT NULL' +
        ' ORDER BY "a", "b""c"',
      values: ['1', 'x', '9', "it's", '5', 'y'],
    });
    expect(rangeQuery({ ...read, keys: [], range: {} })).toEqual({
      text: 'SELECT "a", "b""c", "x" FROM "s"."t"',
      values: [],
    });
  });
});

describe('mergePartitionStates', () => {
  const all = { 'public-a': true, 'public-b': true };
  const files = (...states: unknown[]) => states.map((state, i) => ({ path: `s${i}.json`, state: state as never }));

  it('gives each planned stream its handoff bookmark, version and pending activation; keeps the others', () => {
    const merged = mergePartitionStates(plan, files(partitionState(1, all), partitionState(0, all)));
    expect(merged).toEqual({
      currently_syncing: null,
      bookmarks: {
        'public-other': { lsn: 5 },
        'public-a': { last_replication_method: 'LOG_BASED', lsn: 123, version: 7, pending_activate_version: 7 },
        'public-b': { last_replication_method: 'FULL_TABLE', version: 8, pending_activate_version: 8 },
      },
    });
  });

  it('refuses until every partition finished every stream, saying which and how to resume', () => {
    expect(() => mergePartitionStates(plan, files(partitionState(0, all)))).toThrow(/no state of partition 1 of 2/);
    expect(() =>
      mergePartitionStates(
        plan,
        files(partitionState(0, all), partitionState(1, { 'public-a': true, 'public-b': false })),
      ),
    ).toThrow(/partition 1 has not finished public-b \(s1.json\)/);
    expect(() =>
      mergePartitionStates(plan, files(partitionState(0, all), partitionState(1, { 'public-a': true }))),
    ).toThrow(/partition 1 has not finished public-b/);
    expect(() => mergePartitionStates(plan, files(partitionState(0, all), partitionState(0, all)))).toThrow(
      /s0.json and s1.json are both partition 0's state/,
    );
    expect(() => mergePartitionStates(plan, files(partitionState(0, all), partitionState(1, all, 'other')))).toThrow(
      /s1.json is a state of plan other, not p1/,
    );
    expect(() => mergePartitionStates(plan, files({ bookmarks: {} }, partitionState(1, all)))).toThrow(
      /s0.json is not the state of one partition of plan p1/,
    );
    expect(() => mergePartitionStates(plan, files(partitionState(0, all), partitionState(5, all)))).toThrow(
      /is not the state of one partition/,
    );
  });
});

describe('plan and state files', () => {
  it('reads a plan and refuses what is not one, with the problem', () => {
    expect(readPlanFile(writeJsonTemp(plan, 'plan'), quiet).plan_id).toBe('p1');
    expect(() => readPlanFile(writeJsonTemp({ ...plan, format: 'x' }, 'plan'), quiet)).toThrow(
      /--plan .*: not a partition plan \(\$\.format must be equal to constant\)/,
    );
    expect(() => readPlanFile(writeJsonTemp({ ...plan, partitions: 3 }, 'plan'), quiet)).toThrow(
      /stream public-a has 2 ranges, not 3/,
    );
    expect(() => readPlanFile(writeJsonTemp({ bookmarks: {} }, 'plan'), quiet)).toThrow(/\$\.format is required/);
    expect(() => readPlanFile('/nonexistent/plan.json', quiet)).toThrow(
      /--plan \/nonexistent\/plan.json: file not found/,
    );
  });

  it("reads a partition's state from a state file or from the whole output of its target", () => {
    const state = partitionState(0, { 'public-a': true });
    expect(readPartitionState(writeJsonTemp(state, 'state'))).toEqual(state);
    const output = writeJsonTemp({}, 'output');
    writeFileSync(output, `${JSON.stringify(partitionState(0, { 'public-a': false }))}\n${JSON.stringify(state)}\n\n`);
    expect(readPartitionState(output)).toEqual(state);
    writeFileSync(output, 'not json\n');
    expect(() => readPartitionState(output)).toThrow(/neither a state nor a target's output ending in one/);
  });
});
