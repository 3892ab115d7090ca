import { failure } from '@pgsinger/testkit';
import { rec, schemaMsg, state, states, targetHarness, type Line } from './harness';

// What the destination already holds or reserves: versioned column names, system column names, relations that are
// not tables, extension types with modifiers, and DDL that PostgreSQL refuses.
const h = targetHarness('tgt_objects');

beforeEach(h.reset);

const nullable = (type: string, extra: object = {}) => ({ type: ['null', type], ...extra });
const columnsOf = async (table: string) => Object.keys(await h.columns(table));

describe('repeated incompatible type changes of one column', () => {
  const change = (type: object, value: unknown, id: number): Line[] => [
    schemaMsg('vc', { id: { type: 'integer' }, col: type }),
    rec('vc', { id, col: value }),
  ];
  const file: Line[] = [
    ...change(nullable('boolean'), true, 1),
    ...change(nullable('string', { format: 'date-time' }), '2024-01-01T00:00:00Z', 2),
    ...change(nullable('integer'), 3, 3),
  ];

  it('boolean → date-time → integer in one run, then the same file again: every versioned name is new', async () => {
    // Names of the current and the next minutes taken beforehand: the collision happens whatever the clock says.
    await h.db.query('CREATE SCHEMA tgt; CREATE TABLE tgt.vc (id bigint PRIMARY KEY, col boolean)');
    const stamps = await h.db.query<{ s: string }>(
      `SELECT to_char((now() AT TIME ZONE 'UTC') + m * interval '1 minute', 'YYYYMMDD_HH24MI') AS s
         FROM generate_series(0, 2) m`,
    );
    for (const { s } of stamps.rows) await h.db.query(`ALTER TABLE tgt.vc ADD COLUMN "col_${s}" text`);
    for (const run of [1, 2]) {
      const result = await h.run([...file, state({ run })]);
      expect(result.stderr).not.toMatch(/CRITICAL/);
      expect(result.code).toBe(0);
      expect(states(result)).toEqual([{ run }]);
    }
    const versioned = (await columnsOf('vc')).filter((c) => c.startsWith('col_'));
    // None of these types can take the next one's values (a text column could, and would be adopted): 3 names taken
    // beforehand, 2 versions in run one (date-time replaces boolean, integer replaces date-time), 3 in run two.
    expect(versioned.length).toBe(3 + 2 + 3);
    expect(new Set(versioned).size).toBe(versioned.length);
    expect(versioned.every((c) => /^col_\d{8}_\d{4}(_\d+)?$/.test(c))).toBe(true);
    expect((await h.columns('vc')).col).toBe('bigint');
  });
  it('string → boolean → date-time, twice: the text column takes every value (adopted), nothing is renamed', async () => {
    const textFile: Line[] = [
      schemaMsg('vt', { id: { type: 'integer' }, col: nullable('string') }),
      rec('vt', { id: 1, col: 'text' }),
      schemaMsg('vt', { id: { type: 'integer' }, col: nullable('boolean') }),
      rec('vt', { id: 2, col: true }),
      schemaMsg('vt', { id: { type: 'integer' }, col: nullable('string', { format: 'date-time' }) }),
      rec('vt', { id: 3, col: '2024-01-01T00:00:00Z' }),
    ];
    for (const run of [1, 2]) {
      const result = await h.run([...textFile, state({ run })]);
      expect(result.stderr).not.toMatch(/CRITICAL/);
      expect(result.code).toBe(0);
    }
    expect((await columnsOf('vt')).filter((c) => c.startsWith('col_'))).toEqual([]);
    expect((await h.columns('vt')).col).toBe('text');
    expect((await h.rows('vt', 'id')).map((r) => r.col)).toEqual(['text', 'true', '2024-01-01T00:00:00Z']);
  });
});

describe('system column names', () => {
  const view = schemaMsg(
    'public-v',
    {
      ctid: { type: 'string', 'x-sql-datatype': 'tid' },
      xmin: nullable('string', { 'x-sql-datatype': 'xid' }),
      xmax: nullable('string', { 'x-sql-datatype': 'xid' }),
      cmin: nullable('string', { 'x-sql-datatype': 'cid' }),
      cmax: nullable('string', { 'x-sql-datatype': 'cid' }),
      TableOid: nullable('integer', { 'x-sql-datatype': 'oid' }),
      oid: nullable('integer'),
      name: nullable('string'),
    },
    ['ctid'],
  );
  const row = (ctid: string, name: string) =>
    rec('public-v', { ctid, xmin: '735', xmax: '0', cmin: '0', cmax: '1', TableOid: 16384, oid: 7, name });

  it('ctid, xmin, xmax, cmin, cmax, tableoid get a leading underscore, on every run', async () => {
    const first = await h.run([view, row('(0,1)', 'a'), row('(0,2)', 'b')]);
    expect(first.stderr).not.toMatch(/CRITICAL/);
    expect(first.code).toBe(0);
    expect(await h.columns('v')).toEqual({
      _ctid: 'tid',
      _xmin: 'xid',
      _xmax: 'xid',
      _cmin: 'cid',
      _cmax: 'cid',
      _tableoid: 'oid',
      oid: 'bigint',
      name: 'text',
    });
    const second = await h.run([view, row('(0,2)', 'b2'), row('(0,3)', 'c')]);
    expect(second.code).toBe(0);
    expect((await h.db.query('SELECT _ctid::text AS k, name, _xmin::text AS x FROM tgt.v ORDER BY 1')).rows).toEqual([
      { k: '(0,1)', name: 'a', x: '735' },
      { k: '(0,2)', name: 'b2', x: '735' },
      { k: '(0,3)', name: 'c', x: '735' },
    ]);
  });
});

describe('a destination relation of the same name that is not a table', () => {
  const s = (stream: string) => schemaMsg(stream, { id: { type: 'integer' }, v: nullable('string') });
  it.each([
    ['view', 'CREATE VIEW tgt.nt AS SELECT 1 AS id', 'view'],
    ['materialized view', 'CREATE MATERIALIZED VIEW tgt.nt AS SELECT 1 AS id', 'materialized view'],
    ['sequence', 'CREATE SEQUENCE tgt.nt', 'sequence'],
    ['composite type', 'CREATE TYPE tgt.nt AS (id int)', 'composite type'],
  ])('%s: one line naming the stream, relation and kind; the streams before and after load', async (_n, sql, kind) => {
    await h.db.query(`CREATE SCHEMA tgt; ${sql}`);
    const result = await h.run([
      s('before'),
      rec('before', { id: 1, v: 'b' }),
      state({ n: 1 }),
      s('nt'),
      rec('nt', { id: 1, v: 'x' }),
      state({ n: 2 }),
      s('after'),
      rec('after', { id: 1, v: 'a' }),
      state({ n: 3 }),
    ]);
    expect(result.code).toBe(1);
    const message = `line 4: stream nt: tgt.nt is a ${kind}, not a table, so the stream's records were not loaded`;
    expect(failure(result)).toBe(
      `CRITICAL ${message} — map the stream to another schema with schema_mapping, or deselect the stream in the tap catalog`,
    );
    expect(result.stderr).toContain(`ERROR ${message}; the other streams are loaded`);
    // Nothing past the skipped records is promised.
    expect(states(result)).toEqual([{ n: 1 }]);
    expect((await h.db.query('SELECT v FROM tgt.before UNION ALL SELECT v FROM tgt.after ORDER BY 1')).rows).toEqual([
      { v: 'a' },
      { v: 'b' },
    ]);
  });
});

describe('PostGIS (the destination has it)', () => {
  beforeAll(async () => {
    try {
      await h.db.query('CREATE EXTENSION IF NOT EXISTS postgis');
    } catch (error) {
      throw new Error(
        `these tests need PostGIS in the test server: apt-get install postgresql-15-postgis-3 (${String(error)})`,
      );
    }
  });

  it('geometry(Point,4326) and geography(MultiPolygon,4326) columns get their exact types', async () => {
    const result = await h.run([
      schemaMsg('public-places', {
        id: { type: 'integer' },
        spot: nullable('string', { 'x-sql-datatype': 'geometry(Point,4326)' }),
        area: nullable('string', { 'x-sql-datatype': 'geography(MultiPolygon,4326)' }),
        path: nullable('string', { 'x-sql-datatype': 'geometry(LineStringZ, 3857)' }),
        any: nullable('string', { 'x-sql-datatype': 'geometry' }),
      }),
      rec('public-places', {
        id: 1,
        spot: 'SRID=4326;POINT(13.4 52.5)',
        area: 'SRID=4326;MULTIPOLYGON(((0 0,1 0,1 1,0 0)))',
        path: 'SRID=3857;LINESTRING(0 0 1,1 1 2)',
        any: '0101000000000000000000F03F0000000000000040',
      }),
    ]);
    expect(result.stderr).not.toMatch(/CRITICAL/);
    expect(result.code).toBe(0);
    expect(await h.columns('places')).toEqual({
      id: 'bigint',
      spot: 'geometry(Point,4326)',
      area: 'geography(MultiPolygon,4326)',
      path: 'geometry(LineStringZ,3857)',
      any: 'geometry',
    });
    const row = await h.db.query(
      'SELECT ST_AsEWKT(spot) AS spot, ST_AsEWKT(area) AS area, ST_AsEWKT(path) AS path, ST_AsText("any") AS "any" FROM tgt.places',
    );
    expect(row.rows).toEqual([
      {
        spot: 'SRID=4326;POINT(13.4 52.5)',
        area: 'SRID=4326;MULTIPOLYGON(((0 0,1 0,1 1,0 0)))',
        path: 'SRID=3857;LINESTRING(0 0 1,1 1 2)',
        any: 'POINT(1 2)',
      },
    ]);
  });

  it("a source's geography_columns view synced into public: that stream is refused, the others load", async () => {
    const view = schemaMsg(
      'public-geography_columns',
      { f_table_name: nullable('string'), f_geography_column: nullable('string') },
      [],
    );
    const result = await h.run(
      [
        schemaMsg('public-pg_loaded', { id: { type: 'integer' } }),
        rec('public-pg_loaded', { id: 1 }),
        view,
        rec('public-geography_columns', { f_table_name: 'places', f_geography_column: 'area' }),
      ],
      { default_target_schema: 'public', primary_key_required: false },
    );
    await h.db.query('DROP TABLE IF EXISTS public.pg_loaded');
    expect(result.code).toBe(1);
    expect(failure(result)).toMatch(
      /^CRITICAL line 3: stream public-geography_columns: public\.geography_columns is a view, not a table/,
    );
  });
});

describe('PostgreSQL errors during DDL: one line naming the stream, the line and the statement', () => {
  it('a grant to a role that does not exist', async () => {
    const result = await h.run([schemaMsg('g', { id: { type: 'integer' } }), rec('g', { id: 1 })], {
      default_target_schema_select_permissions: ['no_such_role'],
    });
    expect(failure(result)).toBe(
      'CRITICAL line 1: stream g: GRANT USAGE ON SCHEMA "tgt" TO "no_such_role" failed: role "no_such_role" does not ' +
        'exist (SQLSTATE 42704) — create what the message names (e.g. a role of the select permissions), or remove ' +
        'it from the config; batches committed before are kept; rerun from the last printed state',
    );
  });

  it('a type of the table name (an enum) in the destination schema', async () => {
    await h.db.query(`CREATE SCHEMA tgt; CREATE TYPE tgt.e AS ENUM ('a')`);
    const result = await h.run([schemaMsg('e', { id: { type: 'integer' } }), rec('e', { id: 1 })]);
    expect(failure(result)).toMatch(
      /^CRITICAL line 1: stream e: CREATE TABLE "tgt"\."e" \("id" bigint, PRIMARY KEY \("id"\)\) failed: type "e" already exists \(SQLSTATE 42710\) — A relation has an associated type of the same name/,
    );
  });

  it('a role that may not create the schema', async () => {
    await h.db.server.adminQuery('DROP ROLE IF EXISTS tgt_weak_role');
    await h.db.server.adminQuery(`CREATE ROLE tgt_weak_role LOGIN PASSWORD 'weak-role-pw'`);
    try {
      const result = await h.run([schemaMsg('w', { id: { type: 'integer' } }), rec('w', { id: 1 })], {
        user: 'tgt_weak_role',
        password: 'weak-role-pw',
      });
      expect(failure(result)).toMatch(
        /^CRITICAL line 1: stream w: CREATE SCHEMA IF NOT EXISTS "tgt" failed: permission denied for database \S+ \(SQLSTATE 42501\) — GRANT CREATE ON DATABASE "\S+" TO "tgt_weak_role", or create schema "tgt" for it$/,
      );
    } finally {
      await h.db.server.adminQuery('DROP ROLE IF EXISTS tgt_weak_role');
    }
  });
});
