import type { ConfigSchema } from '../src';

/** The config schema the config tests validate against: defaults, coercion, secrets, lengths, an enum. */
export const schema: ConfigSchema = {
  type: 'object',
  properties: {
    host: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 1, maximum: 65535, default: 5432 },
    password: { type: 'string', secret: true, writeOnly: true },
    hard_delete: { type: 'boolean', default: false },
    batch_size_rows: { type: 'integer', minimum: 1, default: 100000 },
    ssh: {
      type: 'object',
      properties: { key: { type: 'string', secret: true }, user: { type: 'string' } },
    },
    mode: { enum: ['a', 'b'] },
    slot: { type: 'string', minLength: 1, maxLength: 3 },
  },
  required: ['host', 'password'],
};
