import type { Migration } from './migration.js';

/** Reference tables: a record collection keyed by id, in the order records were first written. */
const referenceTable = (name: string) => `
create table ${name} (
  id text primary key,
  position integer generated always as identity,
  record jsonb not null
);`;

/**
 * The store's first schema. Records are kept as the JSON documents the
 * engine reads (so a record is read back exactly as it was written and the
 * engine validates it like any adapter's); the columns beside them are keys
 * and lifecycle bookkeeping. See docs/store.md.
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema: records, plans, runs, logs',
  sql: `
create table parameters (
  id integer primary key check (id = 1),
  record jsonb not null
);
${['locations', 'fulfillment_groups', 'categories', 'products', 'variants', 'profiles', 'rules', 'cost_factors'].map(referenceTable).join('\n')}

create table inventory (
  variant_id text not null,
  location_id text not null,
  status text not null,
  position integer generated always as identity,
  record jsonb not null,
  primary key (variant_id, location_id, status)
);

create table sales_orders (
  id text primary key,
  position integer generated always as identity,
  record jsonb not null
);
-- Finds the order of a line id: record->'lines' @> '[{"id": "..."}]'.
create index sales_orders_line_ids on sales_orders using gin ((record -> 'lines') jsonb_path_ops);

-- One row per sales line, for operators' queries (statuses, exceptions, assignments).
create view sales_lines as
select o.id as order_id,
       l.n as line_number,
       l.value ->> 'id' as line_id,
       coalesce(l.value ->> 'domStatus', 'none') as dom_status,
       l.value ->> 'exceptionType' as exception_type,
       l.value ->> 'assignedLocationId' as assigned_location_id,
       l.value as record
from sales_orders o
cross join lateral jsonb_array_elements(
  case jsonb_typeof(o.record -> 'lines') when 'array' then o.record -> 'lines' else '[]'::jsonb end
) with ordinality as l(value, n);

create table runs (
  id text primary key,
  profile_id text not null,
  status text not null check (status in ('running', 'planned', 'applying', 'applied', 'failed', 'interrupted')),
  started_at timestamptz not null,
  finished_at timestamptz,
  batches_total integer,
  batches_done integer not null default 0,
  orders_total integer,
  orders_applied integer not null default 0,
  plan_id text,
  error text
);
create index runs_profile_status on runs (profile_id, status);

create table plans (
  id text primary key,
  run_id text references runs (id) on delete set null,
  profile_id text not null,
  created_at timestamptz not null,
  -- The plan without its lines, selection and log, which have tables of their own.
  header jsonb not null
);
create index plans_created_at on plans (created_at);

create table plan_lines (
  plan_id text not null references plans (id) on delete cascade,
  position integer not null,
  line_id text not null,
  order_id text not null,
  record jsonb not null,
  primary key (plan_id, position)
);
create index plan_lines_line_id on plan_lines (plan_id, line_id);

-- Each order a plan touches: the versions it was planned against, and what applying it did.
create table plan_orders (
  plan_id text not null references plans (id) on delete cascade,
  order_id text not null,
  position integer not null,
  -- {version, lines: [{lineId, version}]}; null for an order set aside as invalid input.
  selection jsonb,
  outcome text check (outcome in ('applied', 'conflict', 'stock-changed', 'invalid-input')),
  detail text,
  applied_at timestamptz,
  primary key (plan_id, order_id)
);

create table logs (
  id integer generated always as identity primary key,
  at timestamptz not null,
  run_id text,
  plan_id text,
  line_id text,
  level text not null check (level in ('info', 'warn')),
  message text not null
);
create index logs_at on logs (at);
`,
};
