import { writeFileSync } from 'node:fs';
import {
  choose,
  discoverCatalog,
  failure,
  selectStreams,
  testDatabase,
  writeJsonTemp,
  type CatalogShape,
} from '@pgsinger/testkit';
import { catalogFile, configFile, parseOutput, tap } from './helpers';

const ROLE = `nopriv_${process.pid}`;

afterAll(async () => {
  await db.query(`DROP OWNED BY ${ROLE}`);
  await db.server.adminQuery(`DROP ROLE IF EXISTS ${ROLE}`);
});

const db = testDatabase({ prefix: 'tap_errors' });
let catalog: CatalogShape;

beforeAll(async () => {
  await db.query(`CREATE TABLE present (id int PRIMARY KEY, secret text);
    CREATE ROLE ${ROLE} LOGIN PASSWORD 'pw';
    GRANT SELECT (id) ON present TO ${ROLE};
    CREATE TABLE pair_key (a int, b int, v text, PRIMARY KEY (a, b));
    INSERT INTO pair_key SELECT 1, g, 'v' FROM generate_series(1, 5) g;
    GRANT SELECT (a, v) ON pair_key TO ${ROLE};`);
  catalog = selectStreams(await discoverCatalog(configFile(db)), choose(['public-present'], { method: 'FULL_TABLE' }));
});

async function tapFailure(args: string[]): Promise<string> {
  const result = await tap(args);
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  return failure(result);
}

// A table gone or unreadable at sync time fails only its stream (exit 3): stream-failures.test.ts.
describe('errors: exit 1 with one line naming the problem', () => {
  it('wrong password', async () => {
    const line = await tapFailure(['-c', configFile(db, { password: 'wrong-password' }), '--discover']);
    expect(line).toMatch(/password authentication failed for user/);
    expect(line).not.toMatch(/wrong-password/);
  });

  it('unknown host', async () => {
    const line = await tapFailure(['-c', configFile(db, { host: 'no-such-host.invalid' }), '--discover']);
    expect(line).toMatch(/unknown host "no-such-host.invalid"/);
  });

  it('malformed catalog', async () => {
    const path = writeJsonTemp({}, 'bad-catalog');
    writeFileSync(path, '{"streams": [');
    const line = await tapFailure(['-c', configFile(db), '--catalog', path]);
    expect(line).toMatch(/--catalog .*: not valid JSON/);
    const shapeless = await tapFailure(['-c', configFile(db), '--catalog', writeJsonTemp({ streams: 3 }, 'catalog')]);
    expect(shapeless).toMatch(/"streams" array/);
  });

  it('malformed state', async () => {
    const path = writeJsonTemp({}, 'bad-state');
    writeFileSync(path, '{"bookmarks": ');
    const line = await tapFailure(['-c', configFile(db), '--catalog', catalogFile(catalog), '--state', path]);
    expect(line).toMatch(/--state .*: not valid JSON/);
    const wrong = writeJsonTemp({ bookmarks: [] }, 'state');
    expect(await tapFailure(['-c', configFile(db), '--catalog', catalogFile(catalog), '--state', wrong])).toMatch(
      /"bookmarks" must be an object/,
    );
  });

  it.each([
    ['0 bytes', ''],
    ['a blank line', '\n'],
  ])('an empty state file (%s) is refused, not read as "start over"', async (_name, text) => {
    const path = writeJsonTemp({}, 'empty-state');
    writeFileSync(path, text);
    const line = await tapFailure(['-c', configFile(db), '--catalog', catalogFile(catalog), '--state', path]);
    expect(line).toMatch(/--state .*: the file is empty — .*restore .* or start over deliberately by writing \{\}/);
  });

  it.each([
    ['no arguments', []],
    ['an unknown flag', ['--nope']],
    ['a stray argument', ['catalog.json', '-c', 'config.json']],
    ['a flag without its value', ['-c']],
  ])('a usage error (%s) exits 2, as argparse does', async (_name, args) => {
    const result = await tap(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(failure(result)).toMatch(/^CRITICAL .* — (pass -c config.json|see tap-postgres --help)$/);
  });

  it('invalid config, every problem at once', async () => {
    const path = writeJsonTemp({ host: 'h', itersize: 0, default_replication_method: 'SOMETIMES' }, 'config');
    const line = await tapFailure(['-c', path, '--discover']);
    expect(line).toMatch(/\$\.itersize/);
    expect(line).toMatch(/\$\.default_replication_method/);
    expect(line).toMatch(/\$\.dbname is required/);
  });

  it('a column-level permission the catalog asks for is skipped with a warning, the rest syncs', async () => {
    const result = await tap(['-c', configFile(db, { user: ROLE, password: 'pw' }), '--catalog', catalogFile(catalog)]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/column "secret" is gone or may not be selected/);
  });

  it('a primary key the user may only partly SELECT is never used for keyset resume', async () => {
    const config = configFile(db, { user: ROLE, password: 'pw', itersize: 2 });
    const partial = selectStreams(await discoverCatalog(config), choose(['public-pair_key'], { method: 'FULL_TABLE' }));
    const result = await tap(['-c', config, '--catalog', catalogFile(partial)]);
    expect(result.code).toBe(0);
    const messages = parseOutput(result.stdout);
    expect(messages.filter((m) => m.type === 'RECORD')).toHaveLength(5);
    expect(result.stdout).not.toMatch(/last_pk_fetched/);
  });
});
