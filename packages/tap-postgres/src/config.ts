import {
  connectionConfigSchema,
  settingsForReads,
  type ConnectionSettings,
  type SecondarySettings,
} from '@pgsinger/postgres';
import path from 'node:path';
import { compileConfigValidator, type ConfigValidator } from '@pgsinger/singer';

/** Replication methods a catalog or `default_replication_method` may name. */
export const REPLICATION_METHODS = ['FULL_TABLE', 'INCREMENTAL', 'XMIN', 'LOG_BASED'] as const;

/** One of REPLICATION_METHODS. */
export type ReplicationMethod = (typeof REPLICATION_METHODS)[number];

/**
 * How dates, times and temporal values beyond JSON Schema's formats are spelled: `pipelinewise` as
 * pipelinewise-tap-postgres writes them (what pipelinewise targets understand), `postgres` as PostgreSQL prints them.
 */
export const TEMPORAL_FORMATS = ['pipelinewise', 'postgres'] as const;

/** One of TEMPORAL_FORMATS. */
export type TemporalFormat = (typeof TEMPORAL_FORMATS)[number];

/** The validated tap config (pipelinewise key names and defaults). */
export interface TapConfig extends ConnectionSettings, SecondarySettings {
  readonly filter_schemas?: string | readonly string[];
  readonly itersize: number;
  readonly default_replication_method?: ReplicationMethod;
  readonly limit?: number | null;
  readonly max_run_seconds: number;
  readonly tap_id?: string;
  readonly debug_lsn: boolean;
  readonly logical_poll_total_seconds?: number;
  readonly break_at_end_lsn: boolean;
  readonly discover_partitions: boolean;
  readonly logical_decoding_plugin: 'wal2json' | 'pgoutput';
  readonly publication_name?: string;
  readonly slot_name?: string;
  readonly wal_sender_timeout?: number;
  readonly temporal_format: TemporalFormat;
  readonly logical_heartbeat: boolean;
  readonly stop_on_stream_error: boolean;
}

/** The tap's config JSON Schema: the shared connection fragment plus the tap's own keys. */
export const tapConfigSchema = {
  type: 'object',
  properties: {
    ...connectionConfigSchema.properties,
    filter_schemas: {
      anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      description: 'Schemas to discover, comma-separated or an array (default: every non-system schema)',
    },
    itersize: {
      type: 'integer',
      minimum: 1,
      default: 20000,
      description: 'Rows between STATE checkpoints of a table copy',
    },
    default_replication_method: {
      enum: [...REPLICATION_METHODS],
      description:
        'Replication method of streams whose catalog metadata names none (without it such a stream is an error)',
    },
    limit: { type: ['integer', 'null'], minimum: 1, description: 'INCREMENTAL: at most this many rows per run' },
    max_run_seconds: {
      type: 'integer',
      minimum: 1,
      default: 43200,
      description: 'LOG_BASED: stop streaming after this many seconds (the state covers what was sent)',
    },
    tap_id: { type: 'string', description: 'LOG_BASED: suffix of the default slot name (pipelinewise_<db>_<tap_id>)' },
    debug_lsn: {
      type: 'boolean',
      default: false,
      description: 'LOG_BASED: add `_sdc_lsn` (the change LSN) to records',
    },
    logical_poll_total_seconds: {
      type: 'number',
      minimum: 0,
      description: 'LOG_BASED: stop after this many seconds without a change (default: no idle limit)',
    },
    break_at_end_lsn: {
      type: 'boolean',
      default: true,
      description: "LOG_BASED: stop once the server's WAL position at start is reached (false: keep streaming)",
    },
    logical_decoding_plugin: {
      enum: ['wal2json', 'pgoutput'],
      default: 'wal2json',
      description: 'LOG_BASED: decoding plugin of the slot (pgoutput is built in and uses a publication)',
    },
    publication_name: {
      type: 'string',
      minLength: 1,
      description: 'LOG_BASED with pgoutput: publication to use or create (default: the slot name)',
    },
    slot_name: {
      type: 'string',
      minLength: 1,
      maxLength: 63,
      description: 'LOG_BASED: replication slot (default: pipelinewise_<db>, then pipelinewise_<db>_<tap_id>)',
    },
    wal_sender_timeout: {
      type: 'integer',
      minimum: 0,
      description: 'LOG_BASED: wal_sender_timeout of the replication session, in milliseconds (default: server)',
    },
    logical_heartbeat: {
      type: 'boolean',
      default: false,
      description:
        'LOG_BASED: write a heartbeat (pg_logical_emit_message) at the start of each run so an idle slot advances. ' +
        "Every logical slot of the database decodes it: a neighbour that cannot (pipelinewise's tap) then fails",
    },
    stop_on_stream_error: {
      type: 'boolean',
      default: false,
      description:
        "End the run at a stream's first error, as pipelinewise does (default: log it, sync the other streams, exit 3)",
    },
    use_secondary: { type: 'boolean', default: false, description: 'Read FULL_TABLE/INCREMENTAL/XMIN from a replica' },
    secondary_host: { type: 'string', minLength: 1, description: 'Replica host (required with use_secondary)' },
    secondary_port: {
      type: 'integer',
      minimum: 1,
      maximum: 65535,
      description: 'Replica port (required with use_secondary)',
    },
    discover_partitions: { type: 'boolean', default: false, description: 'Also offer partitions as streams' },
    temporal_format: {
      enum: [...TEMPORAL_FORMATS],
      default: 'pipelinewise',
      description:
        "Spelling of dates and times: pipelinewise (dates as date-time at midnight UTC, times with format time, values beyond year 9999 clamped as pipelinewise does, their exact text in x-sql-text) or postgres (PostgreSQL's own text: dates as YYYY-MM-DD with format date)",
    },
  },
  required: [...connectionConfigSchema.required, 'port', 'password'],
  if: { properties: { use_secondary: { const: true } }, required: ['use_secondary'] },
  then: { required: ['secondary_host', 'secondary_port'] },
} as const;

/** Validates the merged config files (every problem with its JSON path, defaults filled). */
// The build precompiles the validator beside this module (scripts/precompile-validators.js).
export const validateTapConfig: ConfigValidator<TapConfig> = compileConfigValidator<TapConfig>(
  tapConfigSchema,
  path.join(__dirname, 'tap-config.validator.js'),
);

/** `filter_schemas` as a list (pipelinewise takes a comma-separated string; an array is accepted too). */
export function filterSchemas(config: Pick<TapConfig, 'filter_schemas'>): string[] {
  const value = config.filter_schemas;
  if (value === undefined) return [];
  const list = typeof value === 'string' ? value.split(',') : value;
  return list.map((schema) => schema.trim()).filter((schema) => schema !== '');
}

/** Connection settings for discovery and table reads: the replica when `use_secondary`, else the primary. */
export function connectionSettings(config: TapConfig): ConnectionSettings {
  return settingsForReads(config);
}
