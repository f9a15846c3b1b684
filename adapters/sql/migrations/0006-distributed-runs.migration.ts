import type { Migration } from './migration.js';

/**
 * Distributed runs (docs/scale-out.md): a run whose batches are solved by
 * worker processes. `distributed_runs` holds what every worker needs to
 * solve the run alike (its options; its snapshot is in `run_snapshots`) and
 * is the row each batch's claim locks; `distributed_stock` and
 * `distributed_location_orders` are what the run's committed batches took;
 * `distributed_batches` holds each committed batch's explained plan lines,
 * once per (run, batch). `distributed_workers` are the workers' heartbeats.
 */
export const distributedRuns: Migration = {
  version: 6,
  name: 'distributed runs',
  sql: `
create table distributed_runs (
  run_id text primary key references runs (id) on delete cascade,
  options jsonb not null,
  batches int not null,
  created_at timestamptz not null
);
create table distributed_batches (
  run_id text not null references distributed_runs (run_id) on delete cascade,
  batch int not null,
  status text not null check (status in ('committed', 'failed')),
  -- gzip-compressed JSON: the explained batch, or {reason} of a failed one; null once the run's plan is stored.
  result bytea,
  worker text not null,
  attempts int not null,
  committed_at timestamptz not null,
  primary key (run_id, batch)
);
create table distributed_stock (
  run_id text not null references distributed_runs (run_id) on delete cascade,
  variant_id text not null,
  location_id text not null,
  units int not null check (units >= 0),
  primary key (run_id, variant_id, location_id)
);
create table distributed_location_orders (
  run_id text not null references distributed_runs (run_id) on delete cascade,
  location_id text not null,
  orders int not null check (orders >= 0),
  primary key (run_id, location_id)
);
create table distributed_workers (
  id text primary key,
  host text not null,
  pid int not null,
  concurrency int not null,
  started_at timestamptz not null,
  seen_at timestamptz not null,
  batches_done int not null default 0,
  batches_failed int not null default 0,
  stopped_at timestamptz
);
`,
};
