import type { BenchContext } from './bench-context';
import { psqlArgs, psqlEnv } from './bench-context';
import type { PipelineEnds, Step } from './measure';

/** One line of the benchmark table. */
export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** Rows the scenario moves (for rows/s). */
  rows(ctx: BenchContext): number;
  /** SQL run on the destination before each repetition (not timed). */
  readonly prepareDestination?: (ctx: BenchContext) => string;
  /** Work before each repetition (not timed), after `prepareDestination`. */
  readonly prepare?: (ctx: BenchContext) => Promise<void>;
  steps(ctx: BenchContext): Step[];
  ends?(ctx: BenchContext): PipelineEnds;
  /** SQL run on the destination after each repetition (not timed) returning one `count`: rows it must equal. */
  readonly destinationCount?: (ctx: BenchContext) => string;
}

const tap = (ctx: BenchContext): Step => ({
  name: 'tap',
  command: ctx.node,
  args: [ctx.tapBin, '--config', ctx.files.tapConfig, '--catalog', ctx.files.fullTableCatalog],
});
const target = (ctx: BenchContext): Step => ({
  name: 'target',
  command: ctx.node,
  args: [ctx.targetBin, '--config', ctx.files.targetConfig],
});
const dropTargetSchema = (ctx: BenchContext): string => `DROP SCHEMA IF EXISTS "${ctx.targetSchema}" CASCADE`;

/** The baseline every ratio is taken against: raw text COPY out of the source, into the destination. */
export const COPY_PIPE: Scenario = {
  id: 'copy-pipe',
  title: 'psql \\copy to stdout | psql \\copy from stdin (baseline)',
  rows: (ctx) => ctx.rows,
  prepareDestination: () => 'TRUNCATE public.bench_rows',
  steps: (ctx) => [
    {
      name: 'psql out',
      command: ctx.psql,
      args: psqlArgs(ctx.source, '\\copy (select * from public.bench_rows) to stdout'),
      env: psqlEnv(ctx.source),
    },
    {
      name: 'psql in',
      command: ctx.psql,
      args: psqlArgs(ctx.destination, '\\copy public.bench_rows from stdin'),
      env: psqlEnv(ctx.destination),
    },
  ],
};

/** Every scenario after the baseline, in the order they run (later ones rely on earlier ones' destination). */
export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'tap',
    title: 'tap-postgres FULL_TABLE > /dev/null',
    rows: (ctx) => ctx.rows,
    steps: (ctx) => [tap(ctx)],
  },
  {
    id: 'target',
    title: 'target-postgres alone, replaying a captured Singer file',
    rows: (ctx) => ctx.rows,
    prepareDestination: dropTargetSchema,
    steps: (ctx) => [target(ctx)],
    ends: (ctx) => ({ stdinFile: ctx.files.capturedSinger }),
  },
  {
    id: 'e2e-empty',
    title: 'tap | target FULL_TABLE into an empty destination',
    rows: (ctx) => ctx.rows,
    prepareDestination: dropTargetSchema,
    steps: (ctx) => [tap(ctx), target(ctx)],
  },
  {
    id: 'e2e-existing',
    title: 'tap | target FULL_TABLE into a full destination (upsert)',
    rows: (ctx) => ctx.rows,
    steps: (ctx) => [tap(ctx), target(ctx)],
  },
];
