#!/usr/bin/env node
// @ts-check
// Regenerates the README's configuration reference tables from the CLIs' config JSON Schemas (built dist/).
// Usage: node scripts/generate-config-docs.js [--check] [--readme README.md]. --check exits 1 when the README is stale.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = join(__dirname, '..');
/** @param {string} path */
const load = (path) => {
  try {
    return require(join(root, path));
  } catch (error) {
    console.error(`generate-config-docs: cannot load ${path} (run npm run build first): ${String(error)}`);
    process.exit(2);
  }
};
/** @type {typeof import('../packages/singer/src')} */
const singer = load('packages/singer/dist/index.js');
const { tapConfigSchema } = load('packages/tap-postgres/dist/config.js');
const { targetConfigSchema } = load('packages/target-postgres/dist/config.js');

const args = process.argv.slice(2);
const check = args.includes('--check');
const readmeIndex = args.indexOf('--readme');
const readme = readmeIndex >= 0 && args[readmeIndex + 1] ? resolve(args[readmeIndex + 1]) : join(root, 'README.md');

const sections = [
  { id: 'tap-postgres', configSchema: tapConfigSchema, envPrefix: 'TAP_POSTGRES' },
  { id: 'target-postgres', configSchema: targetConfigSchema, envPrefix: 'TARGET_POSTGRES' },
];
const current = readFileSync(readme, 'utf8');
let updated;
try {
  updated = singer.updateConfigDocs(current, sections);
} catch (error) {
  console.error(`generate-config-docs: ${readme}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
if (check) {
  if (updated !== current) {
    console.error(`${readme}: the configuration reference is stale; run npm run docs:config and commit the result`);
    process.exit(1);
  }
  console.error(`${readme}: the configuration reference is up to date`);
} else if (updated !== current) {
  writeFileSync(readme, updated);
  console.error(`${readme}: configuration reference regenerated`);
} else {
  console.error(`${readme}: the configuration reference was already up to date`);
}
