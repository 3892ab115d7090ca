/** One jest run over every package and the end-to-end tests; swc strips types (tsc type-checks separately). */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] };
const project = (name, roots) => ({
  displayName: name,
  roots,
  transform,
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: {
    '^@pgsinger/(singer|postgres|testkit)$': '<rootDir>/packages/$1/src/index.ts',
    '^@pgsinger/singer/testing$': '<rootDir>/packages/singer/src/testing/index.ts',
  },
});
module.exports = {
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/packages/testkit/jest/summary-reporter.js'],
  // One PostgreSQL for the whole run (packages/testkit): tests get it through PGSINGER_TEST_SERVER.
  globalSetup: '<rootDir>/packages/testkit/jest/global-setup.js',
  globalTeardown: '<rootDir>/packages/testkit/jest/global-teardown.js',
  projects: [
    project('singer', ['<rootDir>/packages/singer']),
    project('postgres', ['<rootDir>/packages/postgres']),
    project('testkit', ['<rootDir>/packages/testkit']),
    project('tap-postgres', ['<rootDir>/packages/tap-postgres']),
    project('target-postgres', ['<rootDir>/packages/target-postgres']),
    project('wheels', ['<rootDir>/packages/wheels']),
    project('e2e', ['<rootDir>/test']),
  ],
};
