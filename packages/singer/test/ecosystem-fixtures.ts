import type { AboutInfo } from '../src';

/** A config schema shaped like the tap's: scalars, a secret, a string list, an object with nested keys. */
export const SCHEMA = {
  type: 'object',
  properties: {
    host: { type: 'string', description: 'Host name' },
    port: { type: 'integer', default: 5432, description: 'Port' },
    password: { type: 'string', secret: true, writeOnly: true, description: 'Password' },
    ssl: { type: ['boolean', 'string'], description: 'pipelinewise TLS switch' },
    sslmode: { enum: ['disable', 'require'], description: 'libpq sslmode' },
    ssl_mode: { enum: ['disable', 'require'], description: 'alias of sslmode (Meltano)' },
    schemas: { type: 'array', items: { type: 'string' }, description: 'Schemas | a list' },
    filter_schemas: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    schema_mapping: { type: 'object', additionalProperties: { type: 'object' } },
    ssh_tunnel: {
      type: 'object',
      properties: {
        enable: { type: 'boolean', default: false },
        host: { type: 'string' },
        private_key: { type: 'string', secret: true, writeOnly: true },
      },
    },
  },
  required: ['host', 'password'],
} as const;

/** An AboutInfo over SCHEMA. */
export const ABOUT: AboutInfo = {
  name: 'tap-example',
  description: 'An example tap',
  version: '1.2.3',
  capabilities: ['catalog', 'discover', 'state', 'about', 'test'],
  configSchema: SCHEMA,
  envPrefix: 'TAP_EXAMPLE',
};
