import { spawn } from 'node:child_process';
import {
  collect,
  discoverCatalog,
  ensurePythonVenv,
  feed,
  runBin,
  selectStreams,
  testDatabase,
  writeJsonTemp,
  type BinResult,
} from '@pgsinger/testkit';

// Our tap's default output (temporal_format pipelinewise) read by pipelinewise-target-postgres 2.1.2 itself: the
// spellings it understands (exact bigint bounds, dates as date-time, times with format time) give it the columns
// pipelinewise's own tap would, and RECORD lines carrying `x-sql-text` (NaN, JSON null, a date past 9999) load.
const db = testDatabase({ prefix: 'eco_pw_target' });
const REQUIREMENTS = ['pipelinewise-target-postgres==2.1.2'];

beforeAll(async () => {
  await db.query(`CREATE SCHEMA src;
    CREATE TABLE src.things (id bigint PRIMARY KEY, small smallint, d date, t time, tz timetz, ts timestamptz,
                             n numeric(12,2), nn numeric, f double precision, jb jsonb, arr integer[], v text);
    INSERT INTO src.things VALUES
      (9223372036854775807, 1, '2024-02-29', '13:14:15.5', '04:05:06+02', '2024-01-02 03:04:05.123456+00', 1.50,
       1.50, 0.1, '{"a": null}', '{1,2}', 'plain'),
      (-9223372036854775808, -1, 'infinity', '24:00:00', '00:00:00+00', '-infinity', NULL, 'NaN', 'Infinity',
       'null', NULL, NULL),
      (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`);
}, 60_000);

it('pipelinewise-target-postgres loads our tap’s default output with the column types of pipelinewise’s tap', async () => {
  const venv = await ensurePythonVenv({ name: 'pipelinewise-target', requirements: REQUIREMENTS });
  const tapConfig = writeJsonTemp({ ...db.settings, filter_schemas: 'src' }, 'tap-config');
  const catalog = selectStreams(await discoverCatalog(tapConfig), { 'src-things': { method: 'FULL_TABLE' } });
  const tap = await runBin('tap-postgres', ['--config', tapConfig, '--catalog', writeJsonTemp(catalog, 'catalog')]);
  expect(tap.code).toBe(0);
  const schema = tap.stdout.split('\n').find((line) => line.includes('"type":"SCHEMA"')) ?? '';
  expect(schema).toContain('"minimum":-9223372036854775808,"maximum":9223372036854775807');
  expect(tap.stdout.match(/"x-sql-text":\{[^}]*\}/g)).toEqual([
    '"x-sql-text":{"d":"infinity","f":"Infinity","jb":"null","nn":"NaN","t":"24:00:00","ts":"-infinity"}',
  ]);

  const targetConfig = writeJsonTemp(
    {
      host: db.settings.host,
      port: db.settings.port,
      user: db.settings.user,
      password: db.settings.password,
      dbname: db.settings.dbname,
      default_target_schema: 'pw',
    },
    'pw-target-config',
  );
  const child = spawn(venv.bin('target-postgres'), ['--config', targetConfig], { stdio: ['pipe', 'pipe', 'pipe'] });
  feed(child, tap.stdout);
  const target: BinResult = await collect(child, 120_000);
  expect({ code: target.code, stderr: target.code === 0 ? '' : target.stderr.slice(-2000) }).toEqual({
    code: 0,
    stderr: '',
  });

  const types = await db.query<{ name: string; type: string }>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
      WHERE attrelid = 'pw.things'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
  );
  expect(Object.fromEntries(types.rows.map((r) => [r.name, r.type]))).toEqual({
    id: 'bigint',
    small: 'smallint',
    d: 'timestamp without time zone',
    t: 'time without time zone',
    tz: 'time without time zone',
    ts: 'timestamp without time zone',
    n: 'double precision',
    nn: 'double precision',
    f: 'double precision',
    jb: 'jsonb',
    arr: 'jsonb',
    v: 'character varying',
  });
  const rows = await db.query(
    `SELECT id::text, d::text, t::text, tz::text, ts::text, n, nn, f, jb::text, arr::text, v FROM pw.things ORDER BY id`,
  );
  expect(rows.rows).toEqual([
    // JSON cannot carry NaN, Infinity, JSON null or a date past 9999: pipelinewise's values (null, its clamp).
    {
      id: '-9223372036854775808',
      d: '9999-12-31 00:00:00',
      t: '00:00:00',
      tz: '00:00:00',
      ts: '9999-12-31 23:59:59.999',
      n: null,
      nn: null,
      f: null,
      jb: null,
      arr: null,
      v: null,
    },
    { id: '1', d: null, t: null, tz: null, ts: null, n: null, nn: null, f: null, jb: null, arr: null, v: null },
    {
      id: '9223372036854775807',
      d: '2024-02-29 00:00:00',
      t: '13:14:15.5',
      tz: '04:05:06',
      ts: '2024-01-02 03:04:05.123456',
      n: 1.5,
      nn: 1.5,
      f: 0.1,
      jb: '{"a": null}',
      arr: '[1, 2]',
      v: 'plain',
    },
  ]);
});
