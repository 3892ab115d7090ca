-- Demo source data: a small shop. Loaded by `npm run demo` into a throwaway PostgreSQL.
SET client_min_messages = warning;
CREATE SCHEMA shop;

CREATE TYPE shop.order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled');

CREATE TABLE shop.customers (
  id bigserial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  profile jsonb NOT NULL DEFAULT '{}',
  tags text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE shop.orders (
  id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES shop.customers (id),
  status shop.order_status NOT NULL DEFAULT 'new',
  total numeric(12, 2) NOT NULL,
  placed_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE shop.events (
  id bigint NOT NULL,
  occurred_at timestamptz NOT NULL,
  kind text NOT NULL,
  payload jsonb,
  PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE TABLE shop.events_2026_10 PARTITION OF shop.events FOR VALUES FROM ('2026-10-01') TO ('2026-11-01');
CREATE TABLE shop.events_2026_11 PARTITION OF shop.events FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');

INSERT INTO shop.customers (email, name, profile, tags, created_at)
SELECT 'customer' || g || '@example.com',
       (ARRAY['Ada Lovelace', 'Grace Hopper', 'Zoë Ñúñez', 'Łukasz O''Brien', '山田 太郎'])[1 + g % 5] || ' ' || g,
       jsonb_build_object('plan', (ARRAY['free', 'pro', 'team'])[1 + g % 3], 'newsletter', g % 2 = 0,
                          'address', jsonb_build_object('city', (ARRAY['Lisbon', 'Kraków', 'Osaka'])[1 + g % 3])),
       ARRAY['demo', 'cohort-' || (g % 4)],
       timestamptz '2026-01-01 00:00:00+00' + g * interval '37 minutes 12.345678 seconds'
FROM generate_series(1, 500) AS g;

INSERT INTO shop.orders (customer_id, status, total, placed_at, updated_at)
SELECT 1 + g % 500,
       (ARRAY['new', 'paid', 'shipped', 'cancelled'])[1 + g % 4]::shop.order_status,
       round((g * 7.31) % 1000 + 0.99, 2),
       timestamptz '2026-10-01 00:00:00+00' + g * interval '13 minutes',
       timestamptz '2026-10-01 00:00:00+00' + g * interval '13 minutes'
FROM generate_series(1, 2000) AS g;

INSERT INTO shop.events (id, occurred_at, kind, payload)
SELECT g,
       timestamptz '2026-10-15 00:00:00+00' + g * interval '11 minutes',
       (ARRAY['page_view', 'add_to_cart', 'checkout'])[1 + g % 3],
       jsonb_build_object('path', '/product/' || (g % 50), 'ms', g % 900)
FROM generate_series(1, 5000) AS g;
