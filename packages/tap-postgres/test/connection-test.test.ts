import {
  discoverCatalog,
  failure,
  selectStreams,
  testDatabase,
  writeJsonTemp,
  type StreamChoices,
} from '@pgsinger/testkit';
import { catalogFile, configFile, lastState, parseOutput, tap } from './helpers';

// `tap-postgres --test` and discovery tell the truth about what a run will be allowed to do, with real
// least-privileged roles: schema USAGE, the selected streams of a catalog, LOG_BASED only when asked for; and
// `--log-level debug` shows the queries (parameters not logged), checkpoints and slot positions.
const SUFFIX = process.pid;
const READER = `reader_${SUFFIX}`;
const REPLICATOR = `replicator_${SUFFIX}`;

afterAll(async () => {
  for (const role of [READER, REPLICATOR]) {
    await db.query(`DROP OWNED BY ${role}`).catch(() => undefined);
    await db.server.adminQuery(`DROP ROLE IF EXISTS ${role}`);
  }
});

const db = testDatabase({ prefix: 'tap_connection_test' });
const as = (role: string, extra: Record<string, unknown> = {}): string =>
  configFile(db, { user: role, password: 'pw', ...extra });

beforeAll(async () => {
  await db.query(`CREATE SCHEMA hidden; CREATE TABLE hidden.h (id int PRIMARY KEY, v text);
    INSERT INTO hidden.h VALUES (1, 'one');
    CREATE TABLE public.open (id int PRIMARY KEY, at date); INSERT INTO public.open VALUES (1, '2024-01-01'), (2, '2024-01-02');
    CREATE TABLE public.keyless (v text);
    CREATE ROLE ${READER} LOGIN PASSWORD 'pw';
    GRANT SELECT ON hidden.h, public.open, public.keyless TO ${READER};
    CREATE ROLE ${REPLICATOR} LOGIN REPLICATION PASSWORD 'pw';
    GRANT SELECT ON public.open, public.keyless TO ${REPLICATOR};`);
  await db.server.adminQuery(`REVOKE CREATE ON DATABASE ${db.name} FROM PUBLIC`);
});

async function catalog(choices: StreamChoices): Promise<string> {
  return catalogFile(selectStreams(await discoverCatalog(configFile(db)), choices));
}

const warnings = (stderr: string): string[] => stderr.split('\n').filter((line) => line.startsWith('WARNING'));

describe('schema USAGE: SELECT on a table is not enough', () => {
  it('--test with filter_schemas hidden fails with the GRANT USAGE fix', async () => {
    const result = await tap(['-c', as(READER, { filter_schemas: 'hidden' }), '--test']);
    expect(failure(result)).toMatch(
      new RegExp(`cannot read any of the 1 tables in ${db.name} — GRANT USAGE ON SCHEMA … TO ${READER}`),
    );
  });

  it('--discover does not list the table', async () => {
    const discovered = await discoverCatalog(as(READER));
    expect(discovered.streams.map((stream) => stream.tap_stream_id).sort()).toEqual(['public-keyless', 'public-open']);
  });

  it('--test with a catalog selecting it fails naming the schema; a sync fails that stream only', async () => {
    const chosen = await catalog({ 'hidden-h': { method: 'FULL_TABLE' }, 'public-open': { method: 'FULL_TABLE' } });
    const check = await tap(['-c', as(READER), '--catalog', chosen, '--test']);
    expect(failure(check)).toMatch(
      new RegExp(
        `CRITICAL 1 of 2 selected streams could not be synced: permission denied: role "${READER}" has no USAGE on ` +
          `schema "hidden", so it may not read "hidden"."h" \\(stream hidden-h\\) — GRANT USAGE ON SCHEMA "hidden" TO "${READER}"`,
      ),
    );
    const run = await tap(['-c', as(READER), '--catalog', chosen]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^ERROR stream hidden-h failed .*no USAGE on schema "hidden".* — GRANT USAGE ON SCHEMA/m,
    );
    expect(parseOutput(run.stdout).filter((m) => m.type === 'RECORD' && m.stream === 'public-open')).toHaveLength(2);

    await db.query(`GRANT USAGE ON SCHEMA hidden TO ${READER}`);
    try {
      const granted = await tap(['-c', as(READER), '--catalog', chosen, '--test']);
      expect(granted.code).toBe(0);
      expect(granted.stderr).toMatch(/all 2 selected streams are readable/);
      expect((await tap(['-c', as(READER), '--catalog', chosen])).code).toBe(0);
    } finally {
      await db.query(`REVOKE USAGE ON SCHEMA hidden FROM ${READER}`);
    }
  });
});

describe('LOG_BASED is checked only when asked for', () => {
  it('no LOG_BASED stream: no word about REPLICATION beyond one INFO line, exit 0', async () => {
    const fullTable = await catalog({ 'public-open': { method: 'FULL_TABLE' } });
    for (const args of [[], ['--catalog', fullTable]]) {
      const result = await tap(['-c', as(READER), ...args, '--test']);
      expect(result.code).toBe(0);
      expect(warnings(result.stderr)).toEqual([]);
      expect(result.stderr).toMatch(
        /INFO no stream is LOG_BASED .*the REPLICATION attribute and the slot were not checked/,
      );
    }
  });

  it('default_replication_method or a catalog stream asks for it: a role without REPLICATION fails', async () => {
    const byDefault = await tap(['-c', as(READER, { default_replication_method: 'LOG_BASED' }), '--test']);
    expect(failure(byDefault)).toMatch(/no REPLICATION privilege/);
    const logBased = await catalog({ 'public-open': { method: 'LOG_BASED' } });
    expect(failure(await tap(['-c', as(READER), '--catalog', logBased, '--test']))).toMatch(
      /no REPLICATION privilege.*ALTER ROLE <user> REPLICATION/,
    );
  });

  it('a replicating role: a table without a replica identity, a publication it may not create', async () => {
    const keyless = await catalog({ 'public-keyless': { method: 'LOG_BASED' } });
    expect(failure(await tap(['-c', as(REPLICATOR), '--catalog', keyless, '--test']))).toMatch(
      /"public"."keyless" has none: wal2json would skip every UPDATE and DELETE of them — ALTER TABLE "public"."keyless" REPLICA IDENTITY FULL/,
    );
    const open = await catalog({ 'public-open': { method: 'LOG_BASED' } });
    const wal2json = await tap(['-c', as(REPLICATOR, { slot_name: 'never_created' }), '--catalog', open, '--test']);
    expect(wal2json.code).toBe(0);
    expect(wal2json.stderr).toMatch(/LOG_BASED \(wal2json\): .*slot never_created will be created by the first run/);
    const pgoutput = as(REPLICATOR, { slot_name: 'never_created', logical_decoding_plugin: 'pgoutput' });
    expect(failure(await tap(['-c', pgoutput, '--catalog', open, '--test']))).toMatch(
      /publication never_created does not exist and the role may not create it .* — create it as the tables' owner: CREATE PUBLICATION "never_created" FOR TABLE ONLY "public"."open"/,
    );
    await db.server.adminQuery(`GRANT CREATE ON DATABASE ${db.name} TO ${REPLICATOR}`);
    try {
      expect(failure(await tap(['-c', pgoutput, '--catalog', open, '--test']))).toMatch(
        /publication never_created would need public.open, which the role does not own/,
      );
      await db.query(`ALTER TABLE public.open OWNER TO ${REPLICATOR}`);
      expect((await tap(['-c', pgoutput, '--catalog', open, '--test'])).code).toBe(0);
    } finally {
      await db.query('ALTER TABLE public.open OWNER TO CURRENT_USER');
      await db.server.adminQuery(`REVOKE CREATE ON DATABASE ${db.name} FROM ${REPLICATOR}`);
    }
  });
});

describe('--log-level debug', () => {
  it('shows each query with its parameters not logged, and the checkpoints; nothing at the default level', async () => {
    const incremental = await catalog({ 'public-open': { method: 'INCREMENTAL', replicationKey: 'at' } });
    const state = writeJsonTemp(
      {
        bookmarks: {
          'public-open': {
            last_replication_method: 'INCREMENTAL',
            replication_key: 'at',
            replication_key_value: '2024-01-02',
          },
        },
      },
      'state',
    );
    const args = ['-c', configFile(db, { itersize: 1 }), '--catalog', incremental, '--state', state];
    const debug = await tap([...args, '--log-level', 'debug']);
    expect(debug.code).toBe(0);
    const lines = debug.stderr.split('\n').filter((line) => line.startsWith('DEBUG'));
    expect(lines).toContainEqual(
      'DEBUG public-open: query: SELECT "at", "id" FROM ONLY "public"."open" WHERE "at" >= $1::date ORDER BY "at", "id" ' +
        '-- parameters $1 (values not logged)',
    );
    expect(lines).toContainEqual('DEBUG public-open: checkpoint after 1 rows: STATE written');
    expect(lines.join('\n')).not.toContain('2024-01-02');
    expect((await tap(args)).stderr).not.toMatch(/^DEBUG/m);
  });

  it('LOG_BASED: the slot positions, the START_REPLICATION and each STATE position', async () => {
    const logBased = await catalog({ 'public-open': { method: 'LOG_BASED' } });
    const config = configFile(db, { slot_name: `debug_${SUFFIX}` });
    const copy = await tap(['-c', config, '--catalog', logBased]);
    expect(copy.code).toBe(0);
    const state = writeJsonTemp(lastState(parseOutput(copy.stdout)), 'state');
    await db.query(`INSERT INTO public.open VALUES (3, '2024-01-03')`);
    const first = await tap(['-c', config, '--catalog', logBased, '--state', state, '--log-level', 'debug']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(
      new RegExp(
        `^DEBUG LOG_BASED: slot debug_${SUFFIX} confirmed_flush_lsn [0-9A-F]+/[0-9A-F]+, restart_lsn [0-9A-F]+/[0-9A-F]+; ` +
          'streams from [0-9A-F]+/[0-9A-F]+: public-open [0-9A-F]+/[0-9A-F]+; server WAL at [0-9A-F]+/[0-9A-F]+$',
        'm',
      ),
    );
    expect(first.stderr).toMatch(new RegExp(`^DEBUG LOG_BASED: START_REPLICATION SLOT debug_${SUFFIX} LOGICAL `, 'm'));
    expect(first.stderr).toMatch(/^DEBUG LOG_BASED: STATE at lsn [0-9A-F]+\/[0-9A-F]+ \(last commit read/m);
    await db.query(`DELETE FROM public.open WHERE id = 3`);
  });
});
