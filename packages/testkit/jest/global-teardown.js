// Jest globalTeardown: stops the server and removes the temp dir that global-setup.js created (if it did).
const fs = require('node:fs');

module.exports = async function globalTeardown() {
  const server = globalThis.__PGSINGER_TEST_SERVER__;
  const dir = globalThis.__PGSINGER_TEST_TMPDIR__;
  globalThis.__PGSINGER_TEST_SERVER__ = undefined;
  globalThis.__PGSINGER_TEST_TMPDIR__ = undefined;
  try {
    if (server) await server.stop();
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
};
