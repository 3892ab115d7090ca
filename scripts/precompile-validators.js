#!/usr/bin/env node
// @ts-check
// Part of `npm run build` (after tsc): writes each bin's config validator as ajv standalone code beside the module
// that uses it (dist/…/<name>.validator.js), so the bins skip ajv's compile at start-up. A validator made from another
// version of the schema is ignored at run time (schema hash), so a plain `tsc -b` never runs a stale one.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
// Not in the package index: it loads ajv's code generator, which no bin needs at run time.
const { precompileConfigValidator } = require('../packages/singer/dist/config/precompile-config-validator');

const root = join(__dirname, '..');
/** [module (built), exported schema, validator file] — the paths the modules pass to compileConfigValidator. */
const VALIDATORS = [
  ['packages/tap-postgres/dist/config.js', 'tapConfigSchema', 'packages/tap-postgres/dist/tap-config.validator.js'],
  [
    'packages/tap-postgres/dist/partition/plan-file.js',
    'planSchema',
    'packages/tap-postgres/dist/partition/plan.validator.js',
  ],
  [
    'packages/target-postgres/dist/config.js',
    'targetConfigSchema',
    'packages/target-postgres/dist/target-config.validator.js',
  ],
];

for (const [module, name, file] of VALIDATORS) {
  const schema = require(join(root, module))[name];
  if (schema === undefined) throw new Error(`${module} exports no ${name}`);
  writeFileSync(join(root, file), precompileConfigValidator(schema));
}
