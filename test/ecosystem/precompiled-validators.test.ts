import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { configSchemaHash, type ConfigSchema } from '../../packages/singer/src/config/config-schema';
import { tapConfigSchema } from '../../packages/tap-postgres/src/config';
import { planSchema } from '../../packages/tap-postgres/src/partition/plan-file';
import { targetConfigSchema } from '../../packages/target-postgres/src/config';

// `npm run build` precompiles each bin's config validator where its module looks for it; a missing or stale one would
// silently cost the bins ajv's compile at start-up (they fall back), so the build is checked here.
const ROOT = path.join(__dirname, '..', '..');
const VALIDATORS: [string, ConfigSchema][] = [
  ['packages/tap-postgres/dist/tap-config.validator.js', tapConfigSchema],
  ['packages/tap-postgres/dist/partition/plan.validator.js', planSchema],
  ['packages/target-postgres/dist/target-config.validator.js', targetConfigSchema],
];

test.each(VALIDATORS)('the build wrote %s from the current schema', (file, schema) => {
  const absolute = path.join(ROOT, file);
  expect(existsSync(absolute)).toBe(true);
  const loaded = createRequire(absolute)(absolute) as { schemaHash?: string };
  expect(loaded.schemaHash).toBe(configSchemaHash(schema));
});
