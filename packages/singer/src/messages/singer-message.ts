/** Every message type on the wire; BATCH is recognised so a target can refuse it clearly. */
export const MESSAGE_TYPES = ['SCHEMA', 'RECORD', 'STATE', 'ACTIVATE_VERSION', 'BATCH'] as const;

/** One of the Singer message types. */
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** A JSON Schema as it travels in SCHEMA messages (kept open: taps add `x-sql-datatype` and others). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** SCHEMA: the shape of a stream's records. */
export interface SchemaMessage {
  readonly type: 'SCHEMA';
  readonly stream: string;
  readonly schema: JsonSchema;
  readonly key_properties: readonly string[];
  readonly bookmark_properties?: readonly string[];
}

/** RECORD: one row of a stream. */
export interface RecordMessage {
  readonly type: 'RECORD';
  readonly stream: string;
  readonly record: Readonly<Record<string, unknown>>;
  readonly version?: number;
  readonly time_extracted?: string;
  /**
   * tap-postgres's side channel: `{ "<property>": "<PostgreSQL text>" }` for values the record cannot carry (NaN,
   * JSON null in a json column, a clamped date); read by target-postgres, ignored by other targets.
   */
  readonly 'x-sql-text'?: unknown;
}

/** STATE: an opaque bookmark value the target echoes once the records before it are committed. */
export interface StateMessage {
  readonly type: 'STATE';
  readonly value: unknown;
}

/** ACTIVATE_VERSION: rows of older versions of the stream may be removed. */
export interface ActivateVersionMessage {
  readonly type: 'ACTIVATE_VERSION';
  readonly stream: string;
  readonly version: number;
}

/** BATCH: records in external files (Meltano SDK); recognised, its content is passed through unchecked. */
export interface BatchMessage {
  readonly type: 'BATCH';
  readonly stream: string;
  readonly encoding?: unknown;
  readonly manifest?: readonly string[];
}

/** Any Singer message. */
export type SingerMessage = SchemaMessage | RecordMessage | StateMessage | ActivateVersionMessage | BatchMessage;
