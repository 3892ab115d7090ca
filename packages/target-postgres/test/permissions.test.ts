import { failure, runBin, testDatabase, writeJsonTemp, type BinResult } from '@pgsinger/testkit';
import { rec, schemaMsg, singer, state, type Line } from './harness';

// What a least-privileged target role may do, told before a run by `--test` and during one by a fix that matches the
// error's SQLSTATE class: a privilege error names the privilege and the GRANT (never "fix the value"), a constraint
// violation names the row, a value error the value. Real roles and grants in the test database.
const SUFFIX = process.pid;
const OWNER = `wh_owner_${SUFFIX}`;
const LOADER = `wh_loader_${SUFFIX}`;

afterAll(async () => {
  await db.server.adminQuery(`GRANT TEMPORARY ON DATABASE ${db.name} TO PUBLIC`).catch(() => undefined);
  for (const role of [LOADER, OWNER]) {
    await db.query(`DROP OWNED BY ${role} CASCADE`).catch(() => undefined);
    await db.server.adminQuery(`DROP ROLE IF EXISTS ${role}`);
  }
});

const db = testDatabase({ prefix: 'tgt_permissions' });

beforeAll(async () => {
  await db.query(`CREATE ROLE ${OWNER} LOGIN PASSWORD 'pw'; CREATE ROLE ${LOADER} LOGIN PASSWORD 'pw';
    CREATE SCHEMA warehouse AUTHORIZATION ${OWNER};
    GRANT USAGE, CREATE ON SCHEMA warehouse TO ${LOADER};
    CREATE TABLE warehouse.s1 (id bigint PRIMARY KEY, v text); ALTER TABLE warehouse.s1 OWNER TO ${OWNER};
    CREATE TABLE warehouse.checked (id bigint PRIMARY KEY, n numeric CONSTRAINT n_positive CHECK (n > 0), label text NOT NULL);
    ALTER TABLE warehouse.checked OWNER TO ${OWNER};
    GRANT SELECT, INSERT, UPDATE, DELETE ON warehouse.checked TO ${LOADER};
    CREATE SCHEMA locked AUTHORIZATION ${OWNER};`);
});

const config = (extra: Record<string, unknown> = {}): string =>
  writeJsonTemp(
    { ...db.settings, user: LOADER, password: 'pw', default_target_schema: 'warehouse', ...extra },
    'target',
  );

const target = (args: readonly string[], input?: readonly Line[]): Promise<BinResult> =>
  runBin('target-postgres', args, input === undefined ? {} : { input: singer(input) });

/** A catalog selecting these streams with these properties (the tap's shape). */
function catalog(streams: Record<string, Record<string, unknown>>): string {
  return writeJsonTemp(
    {
      streams: Object.entries(streams).map(([id, properties]) => ({
        tap_stream_id: id,
        stream: id.split('-')[1],
        schema: { type: 'object', properties },
        key_properties: ['id'],
        metadata: [{ breadcrumb: [], metadata: { selected: true, 'table-key-properties': ['id'] } }],
      })),
    },
    'catalog',
  );
}

const ID = { type: 'integer' };
const TEXT = { type: ['null', 'string'] };

describe('target-postgres --test: existing tables the role cannot write', () => {
  it('without a catalog, every existing table of the target schemas must be writable', async () => {
    expect(failure(await target(['--config', config(), '--test']))).toMatch(
      new RegExp(
        `role "${LOADER}" may not write "warehouse"."s1" \\(it lacks SELECT, INSERT, UPDATE\\)` +
          `.* — GRANT SELECT, INSERT, UPDATE ON "warehouse"."s1" TO "${LOADER}"`,
      ),
    );
    // hard_delete deletes rows: DELETE too.
    expect(failure(await target(['--config', config({ hard_delete: true }), '--test']))).toMatch(
      /\(it lacks SELECT, INSERT, UPDATE, DELETE\).* — GRANT SELECT, INSERT, UPDATE, DELETE ON "warehouse"."s1"/,
    );
  });

  it("with a catalog, only the selected streams' tables: a new table needs CREATE only", async () => {
    const fresh = await target(['--config', config(), '--catalog', catalog({ 'public-s2': { id: ID } }), '--test']);
    expect(fresh.code).toBe(0);
    expect(fresh.stderr).toMatch(/connection test passed/);
    expect(
      failure(await target(['--config', config(), '--catalog', catalog({ 'public-s1': { id: ID } }), '--test'])),
    ).toMatch(/may not write "warehouse"."s1"/);
  });

  it('a schema without CREATE or USAGE, and no TEMPORARY on the database (upserts stage rows in a temp table)', async () => {
    expect(failure(await target(['--config', config({ default_target_schema: 'locked' }), '--test']))).toMatch(
      new RegExp(
        `role "${LOADER}" may not create tables in schema "locked" — GRANT USAGE, CREATE ON SCHEMA "locked" TO "${LOADER}"`,
      ),
    );
    await db.server.adminQuery(`REVOKE TEMPORARY ON DATABASE ${db.name} FROM PUBLIC`);
    try {
      const check = catalog({ 'public-checked': { id: ID, n: { type: ['null', 'number'] }, label: TEXT } });
      expect(failure(await target(['--config', config(), '--catalog', check, '--test']))).toMatch(
        new RegExp(
          `may not create temporary tables in ${db.name} .*— GRANT TEMPORARY ON DATABASE "${db.name}" TO "${LOADER}"`,
        ),
      );
    } finally {
      await db.server.adminQuery(`GRANT TEMPORARY ON DATABASE ${db.name} TO PUBLIC`);
    }
  });

  it('a schema change would need the owner: an error with a catalog that changes the table, a warning without', async () => {
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON warehouse.s1 TO ${LOADER}`);
    try {
      const same = await target([
        '--config',
        config(),
        '--catalog',
        catalog({ 'public-s1': { id: ID, v: TEXT } }),
        '--test',
      ]);
      expect(same.code).toBe(0);
      const wider = catalog({ 'public-s1': { id: ID, v: TEXT, extra: TEXT } });
      expect(failure(await target(['--config', config(), '--catalog', wider, '--test']))).toMatch(
        new RegExp(
          `stream public-s1 needs ALTER TABLE "warehouse"."s1" \\(add column extra\\), which only its owner may do` +
            `.* — ALTER TABLE "warehouse"."s1" OWNER TO "${LOADER}"`,
        ),
      );
      // hard_delete adds the metadata columns (_sdc_deleted_at …) to the table: a change only its owner may make.
      const deletes = catalog({ 'public-s1': { id: ID, v: TEXT } });
      await db.query(`GRANT DELETE ON warehouse.s1 TO ${LOADER}`);
      expect(
        failure(await target(['--config', config({ hard_delete: true }), '--catalog', deletes, '--test'])),
      ).toMatch(
        /stream public-s1 needs ALTER TABLE "warehouse"."s1" \(add column _sdc_extracted_at, .*add column _sdc_deleted_at\)/,
      );
      const loose = await target(['--config', config(), '--test']);
      expect(loose.code).toBe(0);
      expect(loose.stderr).toMatch(
        /WARNING role .* does not own "warehouse"."checked", "warehouse"."s1": a schema change/,
      );
    } finally {
      await db.query(`REVOKE ALL ON warehouse.s1 FROM ${LOADER}`);
    }
  });
});

describe('load errors: the fix matches the SQLSTATE class', () => {
  it('42501: names the privilege and the GRANT, never the value hint', async () => {
    const result = await target(
      ['--config', config()],
      [schemaMsg('public-s1', { id: ID, v: TEXT }), rec('public-s1', { id: 1, v: 'a' }), state({ at: 1 })],
    );
    const line = failure(result);
    expect(line).toMatch(
      new RegExp(
        `permission denied for table s1 \\(SQLSTATE 42501\\) — GRANT SELECT, INSERT, UPDATE ON "warehouse"."s1" TO "${LOADER}"`,
      ),
    );
    expect(line).not.toMatch(/fix the value/);
  });

  it('42501 on a schema change: ownership, not the value', async () => {
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON warehouse.s1 TO ${LOADER}`);
    try {
      const line = failure(
        await target(
          ['--config', config()],
          [schemaMsg('public-s1', { id: ID, v: TEXT, extra: TEXT }), rec('public-s1', { id: 1, v: 'a', extra: 'x' })],
        ),
      );
      expect(line).toMatch(/must be owner of table s1 \(SQLSTATE 42501\) — /);
      expect(line).toMatch(new RegExp(`ALTER TABLE "warehouse"."s1" OWNER TO "${LOADER}"`));
      expect(line).not.toMatch(/fix the value/);
    } finally {
      await db.query(`REVOKE ALL ON warehouse.s1 FROM ${LOADER}`);
    }
  });

  it('23xxx: names the row and the constraint', async () => {
    const input: Line[] = [
      schemaMsg('public-checked', { id: ID, n: { type: ['null', 'number'] }, label: TEXT }),
      rec('public-checked', { id: 1, n: 5, label: 'ok' }),
      rec('public-checked', { id: 2, n: -1, label: 'negative' }),
    ];
    const check = failure(await target(['--config', config()], input));
    expect(check).toMatch(/new row for relation "checked" violates check constraint "n_positive"/);
    expect(check).toMatch(/\(DETAIL: Failing row contains \(2, -1, negative\)\.\)/);
    expect(check).toMatch(/— the row breaks constraint n_positive of "warehouse"."checked": fix the row in the source/);
    const notNull = failure(
      await target(['--config', config()], [input[0], rec('public-checked', { id: 3, n: 1, label: null })]),
    );
    expect(notNull).toMatch(/null value in column "label" .*violates not-null constraint .*SQLSTATE 23502/);
    expect(notNull).toMatch(/— the row breaks .* of "warehouse"."checked": fix the row in the source/);
  });

  it('22xxx: the value hint stays for value errors', async () => {
    const line = failure(
      await target(
        ['--config', config()],
        [
          schemaMsg('public-checked', { id: ID, n: { type: ['null', 'number'] }, label: TEXT }),
          rec('public-checked', { id: 4, n: '1e400000', label: 'huge' }),
        ],
      ),
    );
    expect(line).toMatch(/SQLSTATE 22/);
    expect(line).toMatch(/fix the value in the source or the column type/);
  });
});
