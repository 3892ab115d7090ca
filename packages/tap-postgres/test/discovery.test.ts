import { discoverCatalog, testDatabase, type CatalogShape } from '@pgsinger/testkit';
import { configFile, tap } from './helpers';

const ROLE = `limited_${process.pid}`;

// Declared before testDatabase(): afterAll hooks run in declaration order, and the role must go before the server.
afterAll(async () => {
  await db.query(`DROP OWNED BY ${ROLE}`);
  await db.server.adminQuery(`DROP ROLE IF EXISTS ${ROLE}`);
});

const db = testDatabase({ prefix: 'tap_discovery' });

beforeAll(async () => {
  await db.query(`
    CREATE SCHEMA sales;
    CREATE SCHEMA hr;
    CREATE TABLE sales.orders (id bigint, line int, note text, PRIMARY KEY (line, id));
    INSERT INTO sales.orders SELECT g, g, 'n' FROM generate_series(1, 100) g;
    ANALYZE sales.orders;
    CREATE VIEW sales.order_notes AS SELECT id, note FROM sales.orders;
    CREATE MATERIALIZED VIEW sales.order_counts AS SELECT count(*) AS n FROM sales.orders;
    CREATE TABLE sales.events (id int, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
    CREATE TABLE sales.events_2024 PARTITION OF sales.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
    CREATE TABLE hr.people (id serial PRIMARY KEY, name text, salary numeric(10,2));
    CREATE TABLE hr.secret (id int PRIMARY KEY);
    CREATE ROLE ${ROLE} LOGIN PASSWORD 'limited-pw';
    GRANT USAGE ON SCHEMA sales, hr TO ${ROLE};
    GRANT SELECT ON sales.orders TO ${ROLE};
    GRANT SELECT (id, name) ON hr.people TO ${ROLE};
  `);
});

const ids = (catalog: CatalogShape): string[] => catalog.streams.map((s) => s.tap_stream_id).sort();
const root = (catalog: CatalogShape, id: string): Record<string, unknown> | undefined =>
  catalog.streams.find((s) => s.tap_stream_id === id)?.metadata.find((m) => m.breadcrumb.length === 0)?.metadata;

describe('discovery', () => {
  it('offers tables, views, materialized views and partitioned roots (not their partitions)', async () => {
    const catalog = await discoverCatalog(configFile(db));
    expect(ids(catalog)).toEqual([
      'hr-people',
      'hr-secret',
      'sales-events',
      'sales-order_counts',
      'sales-order_notes',
      'sales-orders',
    ]);
    expect(root(catalog, 'sales-orders')).toEqual({
      'table-key-properties': ['line', 'id'],
      'schema-name': 'sales',
      'database-name': db.name,
      'row-count': 100,
      'is-view': false,
      'selected-by-default': false,
    });
    expect(root(catalog, 'sales-order_notes')?.['is-view']).toBe(true);
    expect(root(catalog, 'sales-order_counts')?.['is-view']).toBe(true);
    expect(root(catalog, 'sales-events')?.['table-key-properties']).toEqual(['id', 'at']);
    const orders = catalog.streams.find((s) => s.tap_stream_id === 'sales-orders');
    expect(orders?.stream).toBe('orders');
    expect(orders?.metadata.filter((m) => m.breadcrumb.length > 0)).toEqual([
      {
        breadcrumb: ['properties', 'id'],
        metadata: { 'sql-datatype': 'bigint', inclusion: 'automatic', 'selected-by-default': true },
      },
      {
        breadcrumb: ['properties', 'line'],
        metadata: { 'sql-datatype': 'integer', inclusion: 'automatic', 'selected-by-default': true },
      },
      {
        breadcrumb: ['properties', 'note'],
        metadata: { 'sql-datatype': 'text', inclusion: 'available', 'selected-by-default': true },
      },
    ]);
    expect(orders?.schema.properties.id).toMatchObject({ type: ['integer'], 'x-sql-datatype': 'bigint' });
    expect(orders?.schema.properties.note).toEqual({ type: ['null', 'string'], 'x-sql-datatype': 'text' });
  });

  it('offers partitions when discover_partitions is set', async () => {
    const catalog = await discoverCatalog(configFile(db, { discover_partitions: true }));
    expect(ids(catalog)).toContain('sales-events_2024');
  });

  it.each([['hr'], [['hr']], [' hr , nosuch']])('keeps to filter_schemas %j', async (filter) => {
    const catalog = await discoverCatalog(configFile(db, { filter_schemas: filter }));
    expect(ids(catalog)).toEqual(['hr-people', 'hr-secret']);
  });

  it('offers only what the user may SELECT, column by column', async () => {
    const catalog = await discoverCatalog(configFile(db, { user: ROLE, password: 'limited-pw' }));
    expect(ids(catalog)).toEqual(['hr-people', 'sales-orders']);
    const people = catalog.streams.find((s) => s.tap_stream_id === 'hr-people');
    expect(Object.keys(people?.schema.properties ?? {})).toEqual(['id', 'name']);
  });

  it('fails with one line when nothing is discovered', async () => {
    const result = await tap(['-c', configFile(db, { filter_schemas: 'nosuch' }), '--discover']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/CRITICAL 0 tables were discovered in schemas nosuch of database/);
  });
});
