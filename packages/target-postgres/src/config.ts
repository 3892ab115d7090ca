import { connectionConfigSchema, type ConnectionSettings } from '@pgsinger/postgres';
import { compileConfigValidator, ConfigError, type Logger } from '@pgsinger/singer';
import { cpus } from 'node:os';

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

const roles = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };

/** The target's config JSON Schema (connection fragment shared with the tap). */
export const targetConfigSchema = {
  type: 'object',
  properties: {
    ...connectionConfigSchema.properties,
    default_target_schema: { type: 'string' },
    default_target_schema_select_permissions: roles,
    default_target_schema_select_permission: roles,
    schema_mapping: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: {
          target_schema: { type: 'string' },
          target_schema_select_permissions: roles,
          indices: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        },
      },
    },
    batch_size_rows: { type: 'integer', minimum: 1, default: 100000 },
    batch_size_bytes: { type: 'integer', minimum: 1, default: 12 * 1024 * 1024 },
    batch_flush_interval: { type: 'number', minimum: 0, default: 60 },
    batch_flush_min_time_gap: { type: 'number', minimum: 0, default: 0 },
    flush_all_streams: { type: 'boolean', default: false },
    parallelism: { type: 'integer', minimum: -1, default: 0 },
    max_parallelism: { type: 'integer', minimum: 1, default: 16 },
    parallelism_max: { type: 'integer', minimum: 1 },
    add_metadata_columns: { type: 'boolean', default: false },
    hard_delete: { type: 'boolean', default: false },
    data_flattening_max_level: { type: 'integer', minimum: 0, default: 0 },
    primary_key_required: { type: 'boolean', default: true },
    validate_records: { type: 'boolean', default: false },
    activate_version: { enum: [...ACTIVATE_VERSION_MODES], default: 'ignore' },
    temp_dir: { type: 'string' },
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

const validate = compileConfigValidator<TargetConfig>(targetConfigSchema);

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
