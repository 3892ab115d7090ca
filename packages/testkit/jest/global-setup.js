// Jest globalSetup: one PostgreSQL for the whole run, handed to test files through PGSINGER_TEST_SERVER, and a temp
// dir for the run's files (PGSINGER_TEST_TMPDIR). Plain JS over the built testkit (`npm test` builds first), because
// jest does not transform this file.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async function globalSetup() {
  let testkit;
  try {
    testkit = require(path.join(__dirname, '..', 'dist'));
  } catch (error) {
    throw new Error(`@pgsinger/testkit is not built (run \`npm run build\`): ${error.message}`);
  }
  if (!process.env[testkit.TMPDIR_ENV]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgsinger-run-'));
    globalThis.__PGSINGER_TEST_TMPDIR__ = dir;
    process.env[testkit.TMPDIR_ENV] = dir;
  }
  if (process.env[testkit.SERVER_ENV]) return; // an outer run already provides the server
  const server = await testkit.startPostgres();
  globalThis.__PGSINGER_TEST_SERVER__ = server;
  await testkit.assertWal2json(server);
  process.env[testkit.SERVER_ENV] = JSON.stringify(server.info);
};
