import { connectionConfigSchema, type ConnectionSettings } from '@pgsinger/postgres';
import { compileConfigValidator, ConfigError, type Logger } from '@pgsinger/singer';
import { cpus } from 'node:os';
import path from 'node:path';

/** Per source schema routing (pipelinewise `schema_mapping`). */
export interface SchemaMappingEntry {
  readonly target_schema?: string;
  readonly target_schema_select_permissions?: string | readonly string[];
  /** table name → index specs (`col` or `col1,col2`). */
  readonly indices?: Readonly<Record<string, readonly string[]>>;
}

/** ACTIVATE_VERSION handling. */
export const ACTIVATE_VERSION_MODES = ['ignore', 'soft', 'hard'] as const;
/** One of ACTIVATE_VERSION_MODES. */
export type ActivateVersionMode = (typeof ACTIVATE_VERSION_MODES)[number];

/** The config as validated (wire names, pipelinewise keys, aliases folded in by resolveSettings). */
export interface TargetConfig extends ConnectionSettings {
  readonly default_target_schema?: string;
  readonly default_target_schema_select_permissions?: string | readonly string[];
  readonly default_target_schema_select_permission?: string | readonly string[];
  readonly schema_mapping?: Readonly<Record<string, SchemaMappingEntry>>;
  readonly batch_size_rows: number;
  readonly batch_size_bytes: number;
  readonly batch_flush_interval: number;
  readonly batch_flush_min_time_gap: number;
  readonly flush_all_streams: boolean;
  readonly parallelism: number;
  readonly max_parallelism: number;
  readonly parallelism_max?: number;
  readonly add_metadata_columns: boolean;
  readonly hard_delete: boolean;
  readonly data_flattening_max_level: number;
  readonly primary_key_required: boolean;
  readonly validate_records: boolean;
  readonly activate_version: ActivateVersionMode;
  readonly temp_dir?: string;
}

const roles = (description: string) =>
  ({ anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], description }) as const;
const GRANT =
  'Roles (a name or a list, lower-cased as in pipelinewise) granted USAGE on the schemas and SELECT on the tables';

/** The target's config JSON Schema (connection fragment shared with the tap). */
export const targetConfigSchema = {
  type: 'object',
  properties: {
    ...connectionConfigSchema.properties,
    default_target_schema: {
      type: 'string',
      description:
        'Schema of the tables of streams that schema_mapping does not route (lower-cased); needed unless schema_mapping covers every stream',
    },
    default_target_schema_select_permissions: roles(`${GRANT} this target creates in default_target_schema`),
    default_target_schema_select_permission: roles('alias of default_target_schema_select_permissions'),
    schema_mapping: {
      type: 'object',
      description:
        'Per source schema: {"<source schema>": {"target_schema": "...", "target_schema_select_permissions": [...], "indices": {"<table>": ["col", "col1,col2"]}}}',
      additionalProperties: {
        type: 'object',
        properties: {
          target_schema: { type: 'string', description: 'Schema of the tables of this source schema' },
          target_schema_select_permissions: roles(GRANT),
          indices: {
            type: 'object',
            description: 'Indexes to create per table: a column, or comma-separated columns, per index',
            additionalProperties: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
    batch_size_rows: {
      type: 'integer',
      minimum: 1,
      default: 100000,
      description: 'A stream loads its buffered rows when it holds this many',
    },
    batch_size_bytes: {
      type: 'integer',
      minimum: 1,
      default: 12 * 1024 * 1024,
      description: 'A stream loads its buffered rows when they take this many bytes',
    },
    batch_flush_interval: {
      type: 'number',
      minimum: 0,
      default: 60,
      description: 'Seconds: a stream loads when its oldest buffered row is this old, or when input is idle (0 = off)',
    },
    batch_flush_min_time_gap: {
      type: 'number',
      minimum: 0,
      default: 0,
      description: 'Seconds at least between two age-triggered loads of one stream',
    },
    flush_all_streams: {
      type: 'boolean',
      default: false,
      description: 'When one stream loads, load every stream (the state then advances for all)',
    },
    parallelism: {
      type: 'integer',
      minimum: -1,
      default: 0,
      description: 'Streams loading at once: 0 = up to max_parallelism, -1 = one per CPU core, N = N',
    },
    max_parallelism: { type: 'integer', minimum: 1, default: 16, description: 'Upper bound of parallelism' },
    parallelism_max: { type: 'integer', minimum: 1, description: 'alias of max_parallelism' },
    add_metadata_columns: {
      type: 'boolean',
      default: false,
      description: 'Add _sdc_extracted_at, _sdc_batched_at and _sdc_deleted_at columns',
    },
    hard_delete: {
      type: 'boolean',
      default: false,
      description: 'Delete the row of a record whose _sdc_deleted_at is set (turns add_metadata_columns on)',
    },
    data_flattening_max_level: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'Levels of nested object properties turned into parent__child columns (0 keeps objects as jsonb)',
    },
    primary_key_required: {
      type: 'boolean',
      default: true,
      description: 'A stream without key_properties is an error (false: such streams are appended)',
    },
    validate_records: {
      type: 'boolean',
      default: false,
      description: 'Check every record against its stream schema (an invalid record stops the run with its JSON path)',
    },
    activate_version: {
      enum: [...ACTIVATE_VERSION_MODES],
      default: 'ignore',
      description:
        'ACTIVATE_VERSION (full copies, TRUNCATE): ignore, soft (older rows get _sdc_deleted_at) or hard (older rows are deleted)',
    },
    temp_dir: { type: 'string', description: 'Accepted for pipelinewise compatibility; nothing is written to disk' },
  },
  required: [...connectionConfigSchema.required],
} as const;

/** What the target runs with, derived from the config once. */
export interface TargetSettings {
  readonly config: Readonly<TargetConfig>;
  readonly workers: number;
  readonly metadataColumns: boolean;
  readonly tableVersionColumn: boolean;
  readonly defaultGrantees: readonly string[];
}

// The build precompiles the validator beside this module (scripts/precompile-validators.js).
const validate = compileConfigValidator<TargetConfig>(
  targetConfigSchema,
  path.join(__dirname, 'target-config.validator.js'),
);

/** Validates raw config (every problem at once) and resolves aliases, parallelism and implied options. */
export function resolveSettings(raw: unknown, logger: Pick<Logger, 'warn'>): TargetSettings {
  const config = validate(raw, logger);
  if ((config.default_target_schema ?? '').trim() === '' && config.schema_mapping === undefined) {
    throw new ConfigError(
      "neither 'default_target_schema' (string) nor 'schema_mapping' (object) is set",
      'CONFIG_INVALID',
      'add default_target_schema (or schema_mapping) to the --config file',
    );
  }
  const max = config.parallelism_max ?? config.max_parallelism;
  const workers =
    config.parallelism === -1
      ? Math.min(max, cpus().length)
      : config.parallelism === 0
        ? max
        : Math.min(max, config.parallelism);
  return {
    config,
    workers: Math.max(1, workers),
    metadataColumns: config.add_metadata_columns || config.hard_delete || config.activate_version === 'soft',
    tableVersionColumn: config.activate_version !== 'ignore',
    defaultGrantees: toList(
      config.default_target_schema_select_permissions ?? config.default_target_schema_select_permission,
    ),
  };
}

/** A role or list of roles as a list, lower-cased (pipelinewise splices them unquoted, so PostgreSQL folds them). */
export function toList(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return (typeof value === 'string' ? [value] : value).map((role) => role.toLowerCase());
}
