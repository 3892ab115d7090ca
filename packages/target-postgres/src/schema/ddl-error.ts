import { SchemaError } from '../errors';

/** A destination relation of the stream's table name that is not a table: the stream is skipped, the others load. */
export class RelationNotTableError extends SchemaError {
  constructor(stream: string, lineNumber: number, relation: string, kind: string) {
    super(
      `line ${lineNumber}: stream ${stream}: ${relation} is a ${kind}, not a table, so the stream's records were not loaded`,
      'map the stream to another schema with schema_mapping, or deselect the stream in the tap catalog',
    );
  }
}

/** The one error that ends a run in which streams were skipped: each named with its relation. */
export function notLoadedError(refused: readonly RelationNotTableError[]): SchemaError {
  if (refused.length === 1 && refused[0] !== undefined) return refused[0];
  return new SchemaError(
    `${refused.length} streams were not loaded: ${refused.map((e) => e.message).join('; ')}`,
    refused[0]?.fix ?? '',
  );
}

/** pg_class.relkind → what it is called. */
export const RELATION_KINDS: Readonly<Record<string, string>> = {
  r: 'table',
  p: 'partitioned table',
  v: 'view',
  m: 'materialized view',
  f: 'foreign table',
  S: 'sequence',
  i: 'index',
  I: 'partitioned index',
  c: 'composite type',
  t: 'TOAST table',
};

const steps = new WeakMap<object, string>();

/** Notes what was being done when an error happened (the statement that failed); returns the error. */
export function noteDdlStep(error: unknown, doing: string): unknown {
  if (typeof error === 'object' && error !== null && !steps.has(error)) steps.set(error, doing);
  return error;
}

/** What was being done when the error happened (noted by noteDdlStep), if noted. */
export function ddlStep(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? steps.get(error) : undefined;
}
