import { failure, findSecrets, runBin, writeJsonTemp } from '@pgsinger/testkit';
import { rec, schemaMsg, singer, targetHarness } from './harness';

// Secrets are hidden as values, not as substrings: with a password such as `actor`, `ord` or `o`, names holding those
// letters print as they are, and the password itself never shows (stderr, errors, --about, METRIC lines).
const h = targetHarness('tgt_secrets');
const ROLE = 'tgt_secret_role';

beforeEach(h.reset);
afterEach(async () => {
  await h.reset();
  await h.db.server.adminQuery(`DROP ROLE IF EXISTS ${ROLE}`);
});

async function roleWithPassword(password: string): Promise<Record<string, unknown>> {
  await h.db.server.adminQuery(`DROP ROLE IF EXISTS ${ROLE}`);
  await h.db.server.adminQuery(`CREATE ROLE ${ROLE} LOGIN SUPERUSER PASSWORD '${password.replace(/'/g, "''")}'`);
  return { user: ROLE, password };
}

const props = {
  id: { type: 'integer' },
  actor_id: { type: ['null', 'integer'] },
  ordinal: { type: ['null', 'string'] },
};

describe.each(['actor', 'ord', 'o'])('password %j', (password) => {
  it('names holding its letters print as they are; as a value it is hidden', async () => {
    const login = await roleWithPassword(password);
    const lines = [
      schemaMsg('public-actors', props),
      rec('public-actors', { id: 1, actor_id: 2, ordinal: 'first' }),
      schemaMsg('public-ord_items', { ...props, [password]: { type: ['null', 'string'] } }),
      rec('public-ord_items', { id: 1, [password]: password }),
      schemaMsg(password, props),
      rec(password, { id: 1 }),
    ];
    const ok = await h.run(lines, login);
    expect(ok.code).toBe(0);
    for (const name of ['public-actors', '"actor_id" bigint', '"ordinal" text', 'tgt.ord_items', '"tgt"."actors"'])
      expect(ok.stderr).toContain(name);
    expect(ok.stderr).toMatch(/INFO METRIC: .*"table": "tgt\.ord_items"/);
    // A stream, column and value that are the password itself are hidden.
    expect(ok.stderr).toContain(`INFO ***: CREATE TABLE "tgt"."***"`);
    expect(findSecrets(ok.stderr, [password])).toEqual([]);
    // The stored data is untouched, of course.
    expect((await h.db.query(`SELECT "${password}" AS v FROM tgt.ord_items`)).rows).toEqual([{ v: password }]);

    const bad = await h.run(
      [schemaMsg('public-actor', props), `{"type":"RECORD","stream":"public-actor","record":{"id":"${password}"}}`],
      login,
    );
    expect(failure(bad)).toMatch(
      /^CRITICAL stream public-actor at input line 2, column id: invalid input syntax for type bigint: "\*\*\*"/,
    );
    expect(findSecrets(bad.stderr, [password])).toEqual([]);
  });

  it('--about and a refused login print neither the password nor mangled names', async () => {
    const config = writeJsonTemp({ ...h.config(), ...(await roleWithPassword(password)) }, 'target');
    const about = await runBin('target-postgres', ['--about', '--format', 'json', '--config', config]);
    expect(about.code).toBe(0);
    expect(findSecrets(about.stdout + about.stderr, [password])).toEqual([]);
    expect(JSON.parse(about.stdout)).toMatchObject({ name: 'target-postgres' });
    const wrong = writeJsonTemp({ ...h.config(), user: ROLE, password: `${password}-wrong` }, 'target');
    const refused = await runBin('target-postgres', ['--config', wrong], {
      input: singer([schemaMsg('public-actor', props), rec('public-actor', { id: 1 })]),
    });
    expect(failure(refused)).toMatch(/password authentication failed for user "tgt_secret_role"/);
    expect(findSecrets(refused.stderr, [`${password}-wrong`])).toEqual([]);
  });
});
