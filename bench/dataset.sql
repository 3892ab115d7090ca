-- The benchmark dataset: public.bench_rows (:rows rows) and public.bench_rows_small (:small_rows rows).
-- Deterministic (every value derives from the row id through md5), so runs on any machine load identical rows.
-- psql -v ON_ERROR_STOP=1 -v rows=1000000 -v small_rows=100000 [-v ddl_only=1] -f bench/dataset.sql
\if :{?rows}
\else
  \set rows 1000000
\endif
\if :{?small_rows}
\else
  \set small_rows 100000
\endif
\if :{?ddl_only}
\else
  \set ddl_only 0
\endif
SET client_min_messages = warning;
SET TIME ZONE 'UTC';
DROP TABLE IF EXISTS public.bench_rows;
DROP TABLE IF EXISTS public.bench_rows_small;
CREATE TABLE public.bench_rows (
  id bigint PRIMARY KEY,
  int_col integer,
  amount numeric(12,2),
  short_text text,
  long_text text,
  code varchar(64),
  flag boolean,
  updated_at timestamptz NOT NULL,
  day date,
  score double precision,
  attrs jsonb,
  uid uuid
);
CREATE TABLE public.bench_rows_small (LIKE public.bench_rows INCLUDING ALL);

CREATE FUNCTION pg_temp.bench_gen(n bigint) RETURNS SETOF public.bench_rows LANGUAGE sql STABLE AS $fn$
  WITH hashed AS (
    SELECT g AS id, md5(g::text) AS h1, md5(g::text || ':b') AS h2, md5(g::text || ':c') AS h3
    FROM generate_series(1::bigint, n) AS g
  ), parts AS (
    SELECT h.*,
      ('x' || substr(h1, 1, 8))::bit(32)::int AS s1,
      ('x' || substr(h1, 9, 8))::bit(32)::int AS s2,
      ('x' || substr(h2, 1, 8))::bit(32)::int AS s3,
      ('x' || substr(h2, 9, 8))::bit(32)::int AS s4,
      ('x' || substr(h3, 1, 15))::bit(60)::bigint AS u60
    FROM hashed h
  )
  SELECT
    id,
    s1 % 1000000,
    round(((u60 % 10000000000) - 5000000000)::numeric / 100, 2)::numeric(12,2),
    (ARRAY['Olivia','Liam','Emma','Noah','Ava','Elijah','Sophia','Mateo','Isabella','Lucas','Mia','Oliver',
           'Amelia','James','Harper','Benjamin'])[1 + abs(s2) % 16]
      || ' ' ||
    (ARRAY['Smith','Johnson','Garcia','O''Brien','Miller','Davis','Rodriguez','Martinez','Hernandez','Lopez',
           'Gonzalez','Wilson','Anderson','Thomas','Taylor','Moore'])[1 + abs(s3) % 16]
      || ' #' || lpad((id % 10000)::text, 4, '0'),
    (SELECT string_agg((ARRAY['lorem','ipsum','dolor','sit','amet','consectetur','adipiscing','elit','sed','do',
                              'eiusmod','tempor','incididunt','ut','labore','et'])
                         [1 + ('x' || lpad(substr(h1 || h2, k, 1), 8, '0'))::bit(32)::int], ' ' ORDER BY k)
       FROM generate_series(1, 29) AS k)
      || CASE WHEN id % 50 = 7 THEN ' naïve café – 日本語 ✓' ELSE '' END
      || CASE WHEN id % 500 = 3 THEN ' he said "hello, world"' ELSE '' END
      || CASE WHEN id % 1000 = 11 THEN ' path C:\temp\file' ELSE '' END
      || CASE WHEN id % 1000 = 13 THEN E' line one\nline two\tcol' ELSE '' END
      || ' ' || substr(h3, 1, 16),
    CASE WHEN id % 17 = 0 THEN NULL ELSE 'SKU-' || upper(substr(h2, 17, 12)) || '-' || (id % 97)::text END::varchar(64),
    CASE WHEN id % 101 = 0 THEN NULL ELSE s4 % 3 = 0 END,
    timestamptz '2020-01-01 00:00:00+00' + make_interval(secs => id::double precision)
      + make_interval(secs => (abs(s2) % 1000000)::double precision / 1000000.0),
    date '2015-01-01' + abs(s3) % 3650,
    CASE WHEN id % 23 = 0 THEN NULL ELSE s4::double precision / 9973.0 END,
    jsonb_build_object('v', abs(s1) % 100, 'tag', substr(h3, 17, 6), 'ok', s2 % 2 = 0,
                       'w', round((abs(s3) % 100000)::numeric / 100, 2)),
    h3::uuid
  FROM parts
$fn$;

\if :ddl_only
\else
INSERT INTO public.bench_rows SELECT * FROM pg_temp.bench_gen(:rows);
INSERT INTO public.bench_rows_small SELECT * FROM pg_temp.bench_gen(:small_rows);
\endif
CREATE INDEX bench_rows_updated_at_idx ON public.bench_rows (updated_at);
CREATE INDEX bench_rows_small_updated_at_idx ON public.bench_rows_small (updated_at);
\if :ddl_only
\else
VACUUM (FREEZE, ANALYZE) public.bench_rows;
VACUUM (FREEZE, ANALYZE) public.bench_rows_small;
\endif
