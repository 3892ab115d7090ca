import {
  compileConfigValidator,
  ConfigError,
  readJsonFile,
  SingerError,
  type ConfigValidator,
  type Logger,
} from '@pgsinger/singer';
import { REPLICATION_METHODS } from '../config';
import { PLAN_FORMAT, type PartitionPlan } from './partition-plan';

const texts = { type: 'array', items: { type: 'string' } } as const;

/** The JSON Schema of a plan file. */
export const planSchema = {
  type: 'object',
  required: ['format', 'plan_id', 'created_at', 'database', 'partitions', 'streams', 'state'],
  properties: {
    format: { const: PLAN_FORMAT },
    plan_id: { type: 'string', minLength: 1 },
    created_at: { type: 'string' },
    database: { type: 'string', minLength: 1 },
    partitions: { type: 'integer', minimum: 1 },
    state: { type: 'object' },
    streams: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['tap_stream_id', 'replication_method', 'version', 'split_key', 'ranges', 'bookmark'],
        properties: {
          tap_stream_id: { type: 'string', minLength: 1 },
          replication_method: { enum: [...REPLICATION_METHODS] },
          version: { type: 'integer' },
          split_key: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name', 'sql_datatype'],
              properties: { name: { type: 'string' }, sql_datatype: { type: 'string' } },
            },
          },
          ranges: {
            type: 'array',
            items: { anyOf: [{ type: 'null' }, { type: 'object', properties: { from: texts, to: texts } }] },
          },
          bookmark: { type: 'object' },
          slot_name: { type: 'string' },
        },
      },
    },
  },
} as const;

const validatePlan: ConfigValidator<PartitionPlan> = compileConfigValidator<PartitionPlan>(planSchema);

/** Reads and checks the file `--plan-partitions` printed; anything else is one clear PLAN_INVALID error. */
export function readPlanFile(path: string, logger: Pick<Logger, 'warn'>): PartitionPlan {
  const invalid = (what: string): SingerError =>
    new SingerError(`--plan ${path}: ${what}`, 'PLAN_INVALID', 'pass the file that --plan-partitions printed');
  const raw = readJsonFile(path, '--plan', {
    error: SingerError,
    unreadableCode: 'PLAN_FILE_UNREADABLE',
    invalidCode: 'PLAN_INVALID',
    invalidFix: () => 'pass the file that --plan-partitions printed',
  });
  let plan: PartitionPlan;
  try {
    plan = validatePlan(raw, logger);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw invalid(`not a partition plan (${error.problems.map((p) => `${p.path} ${p.message}`).join('; ')})`);
  }
  const wrong = plan.streams.find((stream) => stream.ranges.length !== plan.partitions);
  if (wrong !== undefined)
    throw invalid(`stream ${wrong.tap_stream_id} has ${wrong.ranges.length} ranges, not ${plan.partitions}`);
  return plan;
}
