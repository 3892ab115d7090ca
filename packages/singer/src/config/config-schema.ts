import { createHash } from 'node:crypto';
import ucs2length from 'ajv/dist/runtime/ucs2length';

/** A JSON Schema for a CLI's config; mark secrets with `"secret": true` (and `"writeOnly": true`). */
export type ConfigSchema = Readonly<Record<string, unknown>>;

/**
 * The ajv run-time helpers precompiled validators use, reached through this package (`require("@pgsinger/singer")`):
 * the bins that load them do not depend on ajv themselves, and ajv itself is not loaded.
 */
export const ajvRuntime: Readonly<Record<string, unknown>> = { ucs2length: { default: ucs2length } };

/** Identifies a schema's content: a precompiled validator is used only for the schema it was made from. */
export function configSchemaHash(schema: ConfigSchema): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 16);
}
